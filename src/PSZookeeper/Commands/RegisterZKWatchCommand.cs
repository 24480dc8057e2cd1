using System;
using System.Linq;
using System.Management.Automation;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// Register-ZKWatch: subscribes to a persistent ZooKeeper watch the way Register-ObjectEvent
    /// subscribes to a .NET event: notifications become PowerShell events (Get-Event, Wait-Event,
    /// or -Action, whose event job this returns). Child events carry Added and Removed names.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "ZKWatch", DefaultParameterSetName = AllSet)]
    [OutputType(typeof(PSEventJob))]
    public sealed class RegisterZKWatchCommand : ZKCmdlet
    {
        public const string AllSet = "All";
        public const string DataSet = "Data";
        public const string ChildrenSet = "Children";
        public const string ExistsSet = "Exists";
        public const string RecursiveSet = "Recursive";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

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

        /// <summary>The subscription's name (as in Register-ObjectEvent); a new GUID when omitted.</summary>
        [Parameter(Position = 100)]
        [ValidateNotNullOrEmpty]
        public string SourceIdentifier { get; set; } = Guid.NewGuid().ToString();

        /// <summary>Runs for each event, as an event job (with $Event, $EventArgs, $Sender); without it events queue for Get-Event and Wait-Event.</summary>
        [Parameter(Position = 101)]
        public ScriptBlock? Action { get; set; }

        /// <summary>Extra data passed with every event ($Event.MessageData).</summary>
        [Parameter]
        public PSObject? MessageData { get; set; }

        /// <summary>Hide the subscription from Get-EventSubscriber and Get-Job (as in Register-ObjectEvent).</summary>
        [Parameter]
        public SwitchParameter SupportEvent { get; set; }

        /// <summary>Forward the events to the session that started this remote one (as in Register-ObjectEvent).</summary>
        [Parameter]
        public SwitchParameter Forward { get; set; }

        /// <summary>Unsubscribe after this many events; 0 (default) for never.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MaxTriggerCount { get; set; }

        protected override void EndProcessing()
        {
            EventBridge.RemoveStale(Events, JobRepository);
            if (Events.GetEventSubscribers(SourceIdentifier).Any())
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"There is already a subscription named '{SourceIdentifier}'."),
                    "SubscriberExists", ErrorCategory.InvalidArgument, SourceIdentifier));
            }
            ZKWatcher watcher;
            try
            {
                watcher = new ZKWatcher(ResolveSession(), Path, KindFromSet(ParameterSetName), deferDelivery: true);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ErrorMap.ToRecord(ex, Path));
                throw;
            }
            // Subscribing attaches the engine's handler to Changed, which arms the watch.
            PSEventSubscriber subscriber = Events.SubscribeEvent(watcher, nameof(ZKWatcher.Changed), SourceIdentifier, MessageData,
                Action, SupportEvent, Forward, MaxTriggerCount);
            watcher.SourceIdentifier = SourceIdentifier;
            // Hand events to the event manager ourselves, in order, from the session's dispatcher
            // (as New-Event does): the engine's handler would queue each one on the thread pool,
            // where they can overtake each other.
            PSEventManager events = Events;
            string sourceIdentifier = SourceIdentifier;
            PSObject? messageData = MessageData;
            watcher.SetDelivery(args => events.GenerateEvent(sourceIdentifier, watcher, new object[] { watcher, args }, messageData, true, false));
            try
            {
                Await(watcher.Ready);
            }
            catch (PipelineStoppedException)
            {
                Unsubscribe(watcher);
                throw;
            }
            catch (Exception ex)
            {
                Unsubscribe(watcher);
                ThrowTerminatingError(ErrorMap.ToRecord(ex, Path));
            }
            if (Action != null && !SupportEvent)
            {
                WriteObject(subscriber.Action); // the event manager put it in the job repository
            }
        }

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
