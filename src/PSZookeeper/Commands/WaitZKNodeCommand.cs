using System;
using System.Management.Automation;
using System.Threading;
using PSZookeeper.Client;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>Wait-ZKNode: waits until a znode exists, is deleted, or changes; $true, or $false after -Timeout.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "ZKNode", DefaultParameterSetName = ExistsSet)]
    [OutputType(typeof(bool))]
    public sealed class WaitZKNodeCommand : ZKCmdlet
    {
        public const string ExistsSet = "Exists";
        public const string DeletedSet = "Deleted";
        public const string ChangedSet = "Changed";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        [Parameter(ParameterSetName = ExistsSet)]
        public SwitchParameter Exists { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = DeletedSet)]
        public SwitchParameter Deleted { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ChangedSet)]
        public SwitchParameter Changed { get; set; }

        /// <summary>Seconds to wait; -1 (the default) waits until Ctrl+C.</summary>
        [Parameter]
        [ValidateRange(-1, int.MaxValue)]
        public double Timeout { get; set; } = -1;

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            ZKWaitCondition condition = ParameterSetName == DeletedSet ? ZKWaitCondition.Deleted
                : ParameterSetName == ChangedSet ? ZKWaitCondition.Changed : ZKWaitCondition.Exists;
            using (var timeout = Timeout >= 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(Timeout)) : new CancellationTokenSource())
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, StopToken))
            {
                try
                {
                    Await(NodeWaiter.WaitAsync(session.Client, Path, condition, linked.Token));
                    WriteObject(true);
                }
                catch (OperationCanceledException) when (!StopToken.IsCancellationRequested && timeout.IsCancellationRequested)
                {
                    WriteVerbose($"{Path}: not {condition} within {Timeout} s.");
                    WriteObject(false);
                }
                catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }
                catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is OperationCanceledException))
                {
                    WriteZKError(ex, Path);
                }
            }
        }
    }
}
