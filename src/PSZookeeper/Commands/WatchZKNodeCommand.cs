using System;
using System.Collections.Concurrent;
using System.Management.Automation;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// Watch-ZKNode: watch events as pipeline output until Ctrl+C, -Count or -Timeout. It holds a
    /// persistent watch (addWatch), so no change between two events is lost, and reads the new data
    /// or children without setting one-shot watches (ZOOKEEPER-4466: a one-shot getData/exists
    /// watch on a path with a persistent watch breaks the persistent one).
    /// </summary>
    [Cmdlet(VerbsCommon.Watch, "ZKNode", DefaultParameterSetName = AllSet)]
    [OutputType(typeof(ZKWatchEventArgs))]
    public sealed class WatchZKNodeCommand : ZKCmdlet
    {
        private const string AllSet = "All";
        private const string DataSet = "Data";
        private const string ChildrenSet = "Children";
        private const string RecursiveSet = "Recursive";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Data changes, creation and deletion of the node, with the new data.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DataSet)]
        public SwitchParameter Data { get; set; }

        /// <summary>Children added and removed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ChildrenSet)]
        public SwitchParameter Children { get; set; }

        /// <summary>Created, deleted and data-changed events anywhere in the subtree.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RecursiveSet)]
        public SwitchParameter Recursive { get; set; }

        /// <summary>Stop after this many events.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Count { get; set; }

        /// <summary>Stop after this many seconds (events or not).</summary>
        [Parameter]
        [ValidateRange(0.001, int.MaxValue)]
        public double Timeout { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            ZKWatchKind kind = Data ? ZKWatchKind.Data : Children ? ZKWatchKind.Children : Recursive ? ZKWatchKind.Recursive : ZKWatchKind.All;
            var events = new BlockingCollection<ZKWatchEventArgs>();
            ZKWatcher watcher;
            try
            {
                watcher = new ZKWatcher(session, Path, kind, deferDelivery: true);
            }
            catch (ArgumentException ex)
            {
                WriteZKError(ex, Path);
                return;
            }
            watcher.SetDelivery(events.Add);
            try
            {
                if (!Try(() => Await(watcher.Start()), Path))
                {
                    return;
                }
                DateTime deadline = Timeout > 0 ? DateTime.UtcNow.AddSeconds(Timeout) : DateTime.MaxValue;
                for (int seen = 0; Count == 0 || seen < Count; seen++)
                {
                    int left = deadline == DateTime.MaxValue ? System.Threading.Timeout.Infinite
                        : (int)Math.Max(0, Math.Min(int.MaxValue, (deadline - DateTime.UtcNow).TotalMilliseconds));
                    ZKWatchEventArgs? next;
                    try
                    {
                        if (!events.TryTake(out next, left, StopToken))
                        {
                            return;
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        throw new PipelineStoppedException();
                    }
                    WriteObject(next);
                }
            }
            finally
            {
                watcher.Stop(removeFromServer: true);
            }
        }
    }
}
