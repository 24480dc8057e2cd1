using System.IO;
using System.Management.Automation;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// <para type="synopsis">Runs a task-farm worker until stopped (Ctrl+C).</para>
    /// <para type="description">Registers the worker, runs each task assigned to it as PowerShell in a runspace of its own with the task's timeout, keeps its output in OutputPath/Name/TaskId/, and records the result. A task is code: secure the farm with -Credential or a TLS client certificate, and grant submitters with -Submitter. A worker never runs an assignment whose node or folders carry an ACL weaker than the farm's model.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "ZKWorker", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    public sealed class StartZKWorkerCommand : FarmNodeCmdlet
    {
        /// <summary>The worker's unique name.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidatePattern("^[^/]+$")]
        public string Name { get; set; } = string.Empty;

        /// <summary>How many tasks it runs at once.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int Capacity { get; set; } = 1;

        /// <summary>What this worker offers (e.g. gpu, windows): it runs only tasks whose -Label it all has; tasks without labels run anywhere.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        /// <summary>Where task folders are kept (default: the current directory).</summary>
        [Parameter]
        public string? OutputPath { get; set; }

        /// <summary>The most MiB of result objects kept in ZooKeeper per task; past it the result is cut and the task says so.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int MaxResultMB { get; set; } = 8;

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            FarmOptions? farm = PrepareFarm();
            if (farm == null)
            {
                return;
            }
            string output = GetUnresolvedProviderPathFromPSPath(OutputPath ?? SessionState.Path.CurrentFileSystemLocation.Path);
            Directory.CreateDirectory(output);
            farm.MaxResultBytes = MaxResultMB * 1024L * 1024;
            TaskWorker worker;
            try
            {
                worker = new TaskWorker(farm, Name, new PowerShellTaskExecutor(), Capacity, output, Label);
            }
            catch (System.ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "InvalidLabel", ErrorCategory.InvalidArgument, Label));
                return;
            }
            RunUntilStopped(worker.RunAsync);
        }
    }
}
