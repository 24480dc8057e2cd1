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
    /// every process it started. The task ends when the shell exits: output that a process left
    /// running in the background still holds is cut off 2 s later, with a line saying so. The
    /// PowerShell module has its own executor that runs PowerShell.
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
                var stdout = new CapturedStream();
                var stderr = new CapturedStream();
                var exited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                process.OutputDataReceived += (_, e) => stdout.Add(e.Data);
                process.ErrorDataReceived += (_, e) => stderr.Add(e.Data);
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
                // The output ends when every process holding the pipes has closed them: normally at
                // once, never while something the command left running in the background lives on.
                Task drained = Task.WhenAll(stdout.Ended, stderr.Ended);
                if (await Task.WhenAny(drained, Task.Delay(OutputDrainLimit)).ConfigureAwait(false) != drained)
                {
                    stderr.Add("PSZookeeper: the output ends here: the command exited, but a process it left running still holds its output (redirect a background process's output to keep it from the task's).");
                }
                return new TaskOutcome(process.ExitCode, stdout.Text, stderr.Text);
            }
        }

        /// <summary>How long the output may trail the command's exit before the task ends without the rest.</summary>
        private static readonly TimeSpan OutputDrainLimit = TimeSpan.FromSeconds(2);

        /// <summary>One redirected stream's lines as they arrive, and its end.</summary>
        private sealed class CapturedStream
        {
            private readonly StringBuilder _text = new StringBuilder();
            private readonly TaskCompletionSource<bool> _ended = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public Task Ended => _ended.Task;

            public string Text
            {
                get
                {
                    lock (_text)
                    {
                        return _text.ToString();
                    }
                }
            }

            /// <summary>A line, or null for the end of the stream.</summary>
            public void Add(string? line)
            {
                if (line == null)
                {
                    _ended.TrySetResult(true);
                    return;
                }
                lock (_text)
                {
                    _text.AppendLine(line);
                }
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
