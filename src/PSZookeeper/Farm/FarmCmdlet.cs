using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Commands;
using PSZookeeper.Core;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// Base of the task-farm cmdlets: the farm's root, who this participant is (-Credential, or a
    /// TLS client certificate) and how it connects (TLS), Ctrl+C, and log lines from background
    /// threads written on the pipeline thread.
    /// </summary>
    public abstract class FarmCmdlet : ZKConnectingCmdlet
    {
        private readonly ConcurrentQueue<string> _log = new ConcurrentQueue<string>();

        /// <summary>The farm's root znode.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Root { get; set; } = FarmPaths.DefaultRoot;

        /// <summary>Farm options from the parameters: root, identity and TLS (warning when a password would cross the network in clear).</summary>
        protected FarmOptions Options(string connectString)
        {
            ConnectionSecurity security = ConnectionSecurity;
            WarnAboutClearPassword(security);
            return new FarmOptions(connectString, new FarmPaths(Root))
            {
                Credential = security.ToFarmCredential(),
                Tls = security.ToTlsOptions(),
                Log = line => _log.Enqueue(line),
            };
        }

        /// <summary>Writes the log lines queued so far (pipeline thread only).</summary>
        protected void DrainLog()
        {
            while (_log.TryDequeue(out string? line))
            {
                WriteInformation(new HostInformationMessage { Message = $"{DateTime.Now:HH:mm:ss} {line}" }, new[] { "PSHOST" });
            }
        }

        /// <summary>
        /// Runs a long-lived participant until Ctrl+C or the end of the host process (<see cref="HostExit"/>),
        /// writing its log lines to the host as they come (log lines arrive on pool threads; only
        /// this thread may write). Either way the participant stops cleanly: a master gives its
        /// leadership up and a worker hands its tasks back before the session is closed.
        /// </summary>
        protected void RunUntilStopped(Func<CancellationToken, Task> run)
        {
            using (var stopping = CancellationTokenSource.CreateLinkedTokenSource(StopToken))
            {
                Task running = Task.Run(() => run(stopping.Token));
                using (HostExit.Enlist(() =>
                {
                    stopping.Cancel();
                    return running;
                }))
                {
                    WaitWhileLogging(running, stopping.Token);
                }
            }
        }

        private void WaitWhileLogging(Task running, CancellationToken stopping)
        {
            try
            {
                while (!TaskWaiter.TryWait(running, TimeSpan.FromMilliseconds(200), CancellationToken.None))
                {
                    DrainLog();
                }
                DrainLog();
                TaskWaiter.Wait(running, CancellationToken.None);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Ctrl+C or the host's end: a clean stop.
            }
            catch (FarmSecurityException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "FarmAclWeak", ErrorCategory.SecurityError, ex.Path));
            }
        }
    }
}
