using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>The system-shell executor of the farm library: output, exit code, quoting, folder, environment and cancellation.</summary>
    public sealed class ShellTaskExecutorTests : IDisposable
    {
        private readonly string _work = Path.Combine(Path.GetTempPath(), "pszk-shell-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        public ShellTaskExecutorTests() => Directory.CreateDirectory(_work);

        public void Dispose() => Directory.Delete(_work, recursive: true);

        [Fact]
        public async Task RunsTheCommandInTheTaskFolderWithItsIdAndAttempt()
        {
            TaskOutcome outcome = await RunAsync("pwd; echo \"$PSZK_TASK_ID $PSZK_TASK_ATTEMPT\"; echo oops >&2; exit 3", attempt: 2);

            Assert.Equal(3, outcome.ExitCode);
            Assert.Equal(Path.GetFullPath(_work) + "\n" + "task-7 2\n", outcome.Output.Replace("\r\n", "\n"));
            Assert.Equal("oops\n", outcome.Error.Replace("\r\n", "\n"));
        }

        [Fact]
        public async Task QuotesAndBackslashesReachTheShellUnchanged()
        {
            TaskOutcome outcome = await RunAsync("printf '%s|' \"a b\" 'c\"d' 'e\\f'");

            Assert.Equal(0, outcome.ExitCode);
            Assert.Equal("a b|c\"d|e\\f|", outcome.Output.TrimEnd('\r', '\n'));
        }

        [Fact]
        public async Task ACommandThatLeavesAProcessRunningEndsWhenItExits()
        {
            string pidFile = Path.Combine(_work, "background.pid");
            // The background sleep inherits the shell's stdout and stderr and keeps them open.
            Task<TaskOutcome> running = RunAsync($"sleep 120 & echo $! > '{pidFile}'; echo done; exit 4");
            int background = await ReadPidAsync(pidFile);
            try
            {
                TaskOutcome outcome = await running.WaitAsync(TimeSpan.FromSeconds(30));

                Assert.Equal(4, outcome.ExitCode);
                Assert.Equal("done\n", outcome.Output.Replace("\r\n", "\n"));
                Assert.Contains("a process it left running still holds its output", outcome.Error);
                Assert.False(HasExited(background), "the background process should be left running: the command chose to start it");
            }
            finally
            {
                // Only if it still runs: a throw here would hide the assertion that failed.
                if (!HasExited(background))
                {
                    Process.GetProcessById(background).Kill();
                }
            }
        }

        [Fact]
        public async Task CancellingEndsTheCommandAndEveryProcessItStarted()
        {
            string pidFile = Path.Combine(_work, "child.pid");
            using var cancel = new CancellationTokenSource();
            // A compound command, so the shell cannot simply become the sleep: the sleep is its child.
            Task<TaskOutcome> running = RunAsync($"sleep 300 & echo $! > '{pidFile}'; wait", cancellationToken: cancel.Token);
            int child = await ReadPidAsync(pidFile);
            Assert.False(Process.GetProcessById(child).HasExited);

            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(30)));
            // SIGKILL is delivered asynchronously: the child may take a moment to die after the shell has.
            Assert.True(await ExitsWithinAsync(child, TimeSpan.FromSeconds(10)), $"the shell's child {child} still runs 10 s after the cancel");
        }

        private Task<TaskOutcome> RunAsync(string command, int attempt = 1, CancellationToken cancellationToken = default) =>
            new ShellTaskExecutor().ExecuteAsync(new TaskContext("task-7", new TaskSpec { Command = command, Attempt = attempt }, _work), cancellationToken);

        private static async Task<int> ReadPidAsync(string pidFile)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid))
                {
                    return pid;
                }
                await Task.Delay(20);
            }
            throw new TimeoutException("The command never wrote its child's pid.");
        }

        private static async Task<bool> ExitsWithinAsync(int pid, TimeSpan limit)
        {
            var clock = Stopwatch.StartNew();
            while (!HasExited(pid))
            {
                if (clock.Elapsed > limit)
                {
                    return false;
                }
                await Task.Delay(10);
            }
            return true;
        }

        private static bool HasExited(int pid)
        {
            try
            {
                using Process process = Process.GetProcessById(pid);
                // Killed but not yet reaped by its parent shows as a zombie until then.
                return process.HasExited || File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z";
            }
            catch (ArgumentException)
            {
                return true;
            }
        }
    }
}
