using System;
using System.Management.Automation;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// <para type="synopsis">Runs a task-farm master candidate until stopped (Ctrl+C).</para>
    /// <para type="description">Any number of masters may run: one is elected active and assigns queued tasks to live workers by free capacity and recovers the tasks of workers that die; the others wait as backups and take over within the session timeout. With -Credential or a TLS client certificate the farm is secured by ACLs (see about the trust model in README); a farm whose nodes are weaker than that model is refused unless -RepairAcl repairs it.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "ZKMaster", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    public sealed class StartZKMasterCommand : FarmNodeCmdlet
    {
        /// <summary>The master's name.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string Name { get; set; } = string.Empty;

        /// <summary>Finished tasks (and their results) older than this are removed. Default 7 days.</summary>
        [Parameter]
        public TimeSpan RetainFor { get; set; } = TimeSpan.FromDays(7);

        /// <summary>At most this many finished tasks are kept; past it the oldest are removed first. Default 10000.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int RetainCount { get; set; } = 10000;

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            FarmOptions? farm = PrepareFarm();
            if (farm != null)
            {
                if (RetainFor < TimeSpan.Zero)
                {
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException("-RetainFor must not be negative."), "InvalidRetention", ErrorCategory.InvalidArgument, RetainFor));
                }
                farm.Retention = new TaskRetention { MaxAge = RetainFor, MaxCount = RetainCount };
                RunUntilStopped(new TaskMaster(farm, Name).RunAsync);
            }
        }
    }
}
