using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Microsoft.PowerShell.Commands;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// Register-ZKWatch: subscribes to a persistent ZooKeeper watch the way Register-ObjectEvent
    /// subscribes to a .NET event: notifications become PowerShell events (Get-Event, Wait-Event,
    /// or -Action, whose event job this returns). Child events carry Added and Removed names.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "ZKWatch", DefaultParameterSetName = AllSet)]
    [OutputType(typeof(PSEventJob))]
    public sealed class RegisterZKWatchCommand : ObjectEventRegistrationBase
    {
        public const string AllSet = "All";
        public const string DataSet = "Data";
        public const string ChildrenSet = "Children";
        public const string ExistsSet = "Exists";
        public const string RecursiveSet = "Recursive";

        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private ZKWatcher? _watcher;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ZKClient", "Client")]
        public ZKSession? Session { get; set; }

        /// <summary>Data changes, creation and deletion, with the new data.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DataSet)]
        public SwitchParameter Data { get; set; }

        /// <summary>Children changes, with Added and Removed names.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ChildrenSet)]
        public SwitchParameter Children { get; set; }

        /// <summary>Creation and deletion of the node.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ExistsSet)]
        public SwitchParameter Exists { get; set; }

        /// <summary>Created, deleted and data-changed anywhere in the subtree.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RecursiveSet)]
        public SwitchParameter Recursive { get; set; }

        protected override object GetSourceObject()
        {
            ZKSession session = ZKCmdlet.ResolveSession(this, Session);
            try
            {
                _watcher = new ZKWatcher(session, Path, KindFromSet(ParameterSetName), deferDelivery: true);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ErrorMap.ToRecord(ex, Path));
            }
            return _watcher!;
        }

        protected override string GetSourceObjectEventName() => nameof(ZKWatcher.Changed);

        protected override void EndProcessing()
        {
            EventBridge.RemoveStale(Events, JobRepository);
            base.EndProcessing();
            ZKWatcher? watcher = _watcher;
            if (watcher == null)
            {
                return;
            }
            PSEventSubscriber? subscriber = Events.Subscribers.LastOrDefault(s => ReferenceEquals(s.SourceObject, watcher));
            if (subscriber == null)
            {
                watcher.Stop(removeFromServer: true);
                return;
            }
            watcher.SourceIdentifier = subscriber.SourceIdentifier;
            // Hand events to the event manager ourselves, in order, from the watcher's thread
            // (as New-Event does): the generated handler would queue each one on the thread pool,
            // where they can overtake each other.
            PSEventManager events = Events;
            string sourceIdentifier = subscriber.SourceIdentifier;
            PSObject? messageData = MessageData;
            watcher.SetDelivery(args => events.GenerateEvent(sourceIdentifier, watcher, new object[] { watcher, args }, messageData, true, false));
            try
            {
                TaskWaiter.Wait(watcher.Ready, _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                Unsubscribe(watcher);
                throw new PipelineStoppedException();
            }
            catch (Exception ex)
            {
                Unsubscribe(watcher);
                ThrowTerminatingError(ErrorMap.ToRecord(ex, Path));
            }
        }

        protected override void StopProcessing() => _stopping.Cancel();

        public static ZKWatchKind KindFromSet(string parameterSetName)
        {
            switch (parameterSetName)
            {
                case DataSet: return ZKWatchKind.Data;
                case ChildrenSet: return ZKWatchKind.Children;
                case ExistsSet: return ZKWatchKind.Exists;
                case RecursiveSet: return ZKWatchKind.Recursive;
                default: return ZKWatchKind.All;
            }
        }

        private void Unsubscribe(ZKWatcher watcher) =>
            EventBridge.Unsubscribe(Events, JobRepository, s => ReferenceEquals(s.SourceObject, watcher));
    }
}
