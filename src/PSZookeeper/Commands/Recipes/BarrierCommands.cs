using System;
using System.Management.Automation;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>Set-ZKBarrier: raises a barrier (creates its node); Wait-ZKBarrier blocks until it is removed.</summary>
    [Cmdlet(VerbsCommon.Set, "ZKBarrier")]
    [OutputType(typeof(void))]
    public sealed class SetZKBarrierCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Try(() => Await(new DistributedBarrier(session.Client, Path).SetAsync(StopToken)), Path);
        }
    }

    /// <summary>Remove-ZKBarrier: lowers a barrier (deletes its node), releasing every waiter.</summary>
    [Cmdlet(VerbsCommon.Remove, "ZKBarrier", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class RemoveZKBarrierCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            if (ShouldProcess(Path, "Remove barrier"))
            {
                Try(() => Await(new DistributedBarrier(session.Client, Path).RemoveAsync(StopToken)), Path);
            }
        }
    }

    /// <summary>Wait-ZKBarrier: waits until a barrier is removed (at once when it is not raised).</summary>
    [Cmdlet(VerbsLifecycle.Wait, "ZKBarrier")]
    [OutputType(typeof(void))]
    public sealed class WaitZKBarrierCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>Seconds to wait; -1 (default) waits until Ctrl+C.</summary>
        [Parameter]
        [ValidateRange(-1, int.MaxValue)]
        public double Timeout { get; set; } = -1;

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            bool passed = false;
            if (Try(() => passed = Await(new DistributedBarrier(session.Client, Path).WaitAsync(Leases.TimeoutOf(Timeout), StopToken)), Path) && !passed)
            {
                WriteError(new ErrorRecord(new TimeoutException($"The barrier {Path} was still raised after {Timeout} s."),
                    "BarrierTimeout", ErrorCategory.OperationTimeout, Path));
            }
        }
    }

    /// <summary>Enter-ZKDoubleBarrier: enters a double barrier and returns once -Count participants are in.</summary>
    [Cmdlet(VerbsCommon.Enter, "ZKDoubleBarrier")]
    [OutputType(typeof(DistributedDoubleBarrier))]
    public sealed class EnterZKDoubleBarrierCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>How many participants must enter before anyone proceeds; every participant passes the same.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateRange(1, int.MaxValue)]
        public int Count { get; set; }

        /// <summary>Seconds to wait for the others; -1 (default) waits until Ctrl+C.</summary>
        [Parameter]
        [ValidateRange(-1, int.MaxValue)]
        public double Timeout { get; set; } = -1;

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            var barrier = new DistributedDoubleBarrier(session.Client, Path, Count);
            bool entered = false;
            if (!Try(() => entered = Await(barrier.EnterAsync(Leases.TimeoutOf(Timeout), StopToken)), Path))
            {
                return;
            }
            if (!entered)
            {
                WriteError(new ErrorRecord(new TimeoutException($"Fewer than {Count} participants entered the barrier {Path} within {Timeout} s; this one left again."),
                    "BarrierTimeout", ErrorCategory.OperationTimeout, Path));
                return;
            }
            WriteObject(barrier);
        }
    }

    /// <summary>Exit-ZKDoubleBarrier: leaves a double barrier and returns once every participant has left.</summary>
    [Cmdlet(VerbsCommon.Exit, "ZKDoubleBarrier")]
    [OutputType(typeof(void))]
    public sealed class ExitZKDoubleBarrierCommand : ZKCmdlet
    {
        /// <summary>The barrier from Enter-ZKDoubleBarrier.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public DistributedDoubleBarrier Barrier { get; set; } = null!;

        /// <summary>Seconds to wait for the others to leave; -1 (default) waits until Ctrl+C.</summary>
        [Parameter]
        [ValidateRange(-1, int.MaxValue)]
        public double Timeout { get; set; } = -1;

        protected override void ProcessRecord()
        {
            bool left = false;
            if (Try(() => left = Await(Barrier.LeaveAsync(Leases.TimeoutOf(Timeout), StopToken)), Barrier.Path) && !left)
            {
                WriteError(new ErrorRecord(new TimeoutException($"Not every participant left the barrier {Barrier.Path} within {Timeout} s."),
                    "BarrierTimeout", ErrorCategory.OperationTimeout, Barrier.Path));
            }
        }
    }
}
