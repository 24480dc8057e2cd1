using System.IO;
using System.Management.Automation;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// <para type="synopsis">Runs a task-farm worker until stopped (Ctrl+C).</para>
    /// <para type="description">Registers the worker, runs each task assigned to it as PowerShell in a runspace of its own with the task's timeout, keeps its output in OutputPath/Name/TaskId/, and records the result. A task is code: only let trusted submitters reach the farm (see -Credential).</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "ZKWorker")]
    public sealed class StartZKWorkerCommand : FarmCmdlet
    {
        /// <summary>The worker's unique name.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidatePattern("^[^/]+$")]
        public string Name { get; set; } = string.Empty;

        /// <summary>host:port[,host:port...] of the ensemble.</summary>
        [Parameter(Position = 1)]
        [Alias("ConnectString")]
        public string ComputerName { get; set; } = "127.0.0.1:2181";

        /// <summary>How many tasks it runs at once.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int Capacity { get; set; } = 1;

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
            string output = GetUnresolvedProviderPathFromPSPath(OutputPath ?? SessionState.Path.CurrentFileSystemLocation.Path);
            Directory.CreateDirectory(output);
            FarmOptions options = Options(ComputerName);
            options.MaxResultBytes = MaxResultMB * 1024L * 1024;
            var worker = new TaskWorker(options, Name, new PowerShellTaskExecutor(), Capacity, output);
            RunUntilStopped(worker.RunAsync);
        }
    }
}
