using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// Runs a task's command with the system shell (/bin/sh -c, or cmd.exe /c on Windows) in the
    /// task's folder. The PowerShell module has its own executor that runs PowerShell.
    /// </summary>
    public sealed class ShellTaskExecutor : ITaskExecutor
    {
        /// <inheritdoc/>
        public async Task<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            bool windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            var start = new ProcessStartInfo(windows ? "cmd.exe" : "/bin/sh")
            {
                Arguments = windows ? "/c " + context.Spec.Command : "-c \"" + context.Spec.Command.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
                WorkingDirectory = context.WorkDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["PSZK_TASK_ID"] = context.TaskId;
            start.Environment["PSZK_TASK_ATTEMPT"] = context.Spec.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using (var process = new Process { StartInfo = start, EnableRaisingEvents = true })
            {
                var stdout = new StringBuilder();
                var stderr = new StringBuilder();
                var exited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
                process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
                process.Exited += (_, __) => exited.TrySetResult(true);
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                using (cancellationToken.Register(() => Kill(process)))
                {
                    await exited.Task.ConfigureAwait(false);
                }
                // Exited fires before the redirected streams are drained; this waits for them.
                process.WaitForExit();
                cancellationToken.ThrowIfCancellationRequested();
                lock (stdout)
                {
                    lock (stderr)
                    {
                        return new TaskOutcome(process.ExitCode, stdout.ToString(), stderr.ToString());
                    }
                }
            }
        }

        private static void Append(StringBuilder into, string? line)
        {
            if (line == null)
            {
                return;
            }
            lock (into)
            {
                into.AppendLine(line);
            }
        }

        private static void Kill(Process process)
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
        }
    }
}
