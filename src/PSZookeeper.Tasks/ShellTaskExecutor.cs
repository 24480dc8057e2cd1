using System;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// Runs a task's command with the system shell (/bin/sh -c, or cmd.exe /c on Windows) in the
    /// task's folder, with PSZK_TASK_ID and PSZK_TASK_ATTEMPT set. Cancelling ends the shell and
    /// every process it started. The PowerShell module has its own executor that runs PowerShell.
    /// </summary>
    public sealed class ShellTaskExecutor : ITaskExecutor
    {
        /// <inheritdoc/>
        public async Task<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            bool windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            var start = new ProcessStartInfo(windows ? "cmd.exe" : "/bin/sh")
            {
                Arguments = windows ? "/c " + context.Spec.Command : "-c " + QuoteArgument(context.Spec.Command),
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
                using (cancellationToken.Register(() => KillTree(process)))
                {
                    await exited.Task.ConfigureAwait(false);
                }
                if (cancellationToken.IsCancellationRequested)
                {
                    // Its output is not wanted, and a process that escaped the kill could hold the pipes open.
                    throw new OperationCanceledException(cancellationToken);
                }
                // Exited fires before the redirected streams are drained; this waits for them.
                process.WaitForExit();
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

        /// <summary>
        /// One argument as the runtime splits ProcessStartInfo.Arguments (the Windows rules, on every
        /// system): quoted, with a quote and the backslashes before it escaped, and the backslashes
        /// before the closing quote doubled; any other backslash stays as it is.
        /// </summary>
        private static string QuoteArgument(string value) =>
            "\"" + Regex.Replace(Regex.Replace(value, @"(\\*)""", @"$1$1\"""), @"(\\+)$", "$1$1") + "\"";

        // Process.Kill(bool entireProcessTree) exists from .NET Core 3.0 on; netstandard2.0 cannot name it.
        private static readonly MethodInfo? KillEntireTree = typeof(Process).GetMethod(nameof(Process.Kill), new[] { typeof(bool) });

        /// <summary>Ends the shell and every process it started (where the runtime can; the shell alone on .NET Framework).</summary>
        private static void KillTree(Process process)
        {
            try
            {
                if (KillEntireTree != null)
                {
                    KillEntireTree.Invoke(process, new object[] { true });
                }
                else
                {
                    process.Kill();
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is TargetInvocationException)
            {
                // Already exited.
            }
        }
    }
}
