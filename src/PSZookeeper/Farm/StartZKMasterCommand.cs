using System.Management.Automation;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// <para type="synopsis">Runs a task-farm master candidate until stopped (Ctrl+C).</para>
    /// <para type="description">Any number of masters may run: one is elected active and assigns queued tasks to live workers by free capacity and recovers the tasks of workers that die; the others wait as backups and take over within the session timeout.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "ZKMaster")]
    public sealed class StartZKMasterCommand : FarmCmdlet
    {
        /// <summary>The master's name.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string Name { get; set; } = string.Empty;

        /// <summary>host:port[,host:port...] of the ensemble.</summary>
        [Parameter(Position = 1)]
        [Alias("ConnectString")]
        public string ComputerName { get; set; } = "127.0.0.1:2181";

        /// <inheritdoc/>
        protected override void EndProcessing() => RunUntilStopped(new TaskMaster(Options(ComputerName), Name).RunAsync);
    }
}
