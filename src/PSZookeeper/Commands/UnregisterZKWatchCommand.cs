using System;
using System.Linq;
using System.Management.Automation;

namespace PSZookeeper.Commands
{
    /// <summary>Unregister-ZKWatch: removes watch subscriptions (and their event jobs and server watches).</summary>
    [Cmdlet(VerbsLifecycle.Unregister, "ZKWatch", DefaultParameterSetName = SourceIdentifierSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class UnregisterZKWatchCommand : ZKCmdletBase
    {
        public const string SourceIdentifierSet = "SourceIdentifier";
        public const string PathSet = "Path";
        public const string AllSet = "All";

        /// <summary>The subscription's source identifier (an event job's Name binds to it).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = SourceIdentifierSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        public string[] SourceIdentifier { get; set; } = new string[0];

        /// <summary>Every subscription watching this path.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>Every watch subscription.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        protected override void BeginProcessing() => EventBridge.RemoveStale(Events, JobRepository);

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case AllSet:
                    Remove(s => true, "all watches");
                    break;
                case PathSet:
                    Remove(s => string.Equals(((ZKWatcher)s.SourceObject).Path, Path, StringComparison.Ordinal), Path);
                    break;
                default:
                    foreach (string id in SourceIdentifier)
                    {
                        if (Remove(s => string.Equals(s.SourceIdentifier, id, StringComparison.OrdinalIgnoreCase), id) == 0)
                        {
                            WriteError(new ErrorRecord(new ArgumentException($"No ZooKeeper watch subscription has source identifier '{id}'."),
                                "WatchNotFound", ErrorCategory.ObjectNotFound, id));
                        }
                    }
                    break;
            }
        }

        private int Remove(Func<PSEventSubscriber, bool> match, string target)
        {
            if (!ShouldProcess(target, "Unregister ZooKeeper watch"))
            {
                return -1;
            }
            return EventBridge.Unsubscribe(Events, JobRepository, s => s.SourceObject is ZKWatcher && match(s));
        }
    }
}
