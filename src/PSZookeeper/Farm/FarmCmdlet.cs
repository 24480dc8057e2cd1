using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Commands;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// Base of the task-farm cmdlets: the farm's root, the submitter credential, Ctrl+C, and
    /// log lines from background threads written on the pipeline thread.
    /// </summary>
    public abstract class FarmCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly ConcurrentQueue<string> _log = new ConcurrentQueue<string>();

        /// <summary>The farm's root znode.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Root { get; set; } = FarmPaths.DefaultRoot;

        /// <summary>
        /// The farm's submitter identity (digest user and password). When given, only sessions
        /// authenticated as it may create tasks; masters and workers must use it too.
        /// </summary>
        [Parameter]
        public PSCredential? Credential { get; set; }

        /// <summary>Cancelled by Ctrl+C.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        /// <inheritdoc/>
        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>The farm's security from -Credential.</summary>
        protected FarmSecurity Security => Credential == null
            ? FarmSecurity.Open
            : FarmSecurity.Digest(Credential.UserName, Credential.GetNetworkCredential().Password);

        /// <summary>Farm options for a participant that owns its own sessions.</summary>
        protected FarmOptions Options(string connectString) => new FarmOptions(connectString, new FarmPaths(Root), Security)
        {
            Log = line => _log.Enqueue(line),
        };

        /// <summary>
        /// Runs a long-lived participant until Ctrl+C, writing its log lines to the host as they
        /// come (log lines arrive on pool threads; only this thread may write).
        /// </summary>
        protected void RunUntilStopped(Func<CancellationToken, Task> run)
        {
            Task running = Task.Run(() => run(StopToken));
            while (!TaskWaiter.TryWait(running, TimeSpan.FromMilliseconds(200), CancellationToken.None))
            {
                DrainLog();
            }
            DrainLog();
            try
            {
                TaskWaiter.Wait(running, CancellationToken.None);
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                // Ctrl+C: a clean stop.
            }
        }

        private void DrainLog()
        {
            while (_log.TryDequeue(out string? line))
            {
                WriteInformation(new HostInformationMessage { Message = $"{DateTime.Now:HH:mm:ss} {line}" }, new[] { "PSHOST" });
            }
        }

        /// <summary>The session from -Session or the current one (submitter-side cmdlets).</summary>
        protected ZKSession ResolveSession(ZKSession? given) => ZKCmdlet.ResolveSession(this, given);

        /// <summary>Waits for a task on the pipeline thread; Ctrl+C stops the pipeline.</summary>
        protected T Await<T>(Task<T> task)
        {
            Await((Task)task);
            return task.Result;
        }

        /// <summary>Waits for a task on the pipeline thread; Ctrl+C stops the pipeline.</summary>
        protected void Await(Task task) => ZKCmdlet.AwaitStoppable(task, StopToken);
    }
}
