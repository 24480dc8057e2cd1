using System.Collections.Generic;
using System.Management.Automation;

namespace PSZookeeper.Commands
{
    /// <summary>Disconnect-Zookeeper: closes sessions (the current one by default) and removes their watch subscriptions.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Zookeeper", DefaultParameterSetName = SessionSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(ZKSession))]
    public sealed class DisconnectZookeeperCommand : ZKCmdletBase
    {
        public const string SessionSet = "Session";
        public const string NameSet = "Name";
        public const string AllSet = "All";

        [Parameter(ParameterSetName = SessionSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ZKClient", "Client")]
        public ZKSession[]? Session { get; set; }

        [Parameter(ParameterSetName = NameSet, Mandatory = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ZKSessionNameCompleter))]
        public string[] Name { get; set; } = new string[0];

        [Parameter(ParameterSetName = AllSet, Mandatory = true)]
        public SwitchParameter All { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing() => EventBridge.RemoveStale(Events, JobRepository);

        protected override void ProcessRecord()
        {
            foreach (ZKSession session in Targets())
            {
                if (!ShouldProcess($"{session.Name} ({session.SessionIdHex})", "Close ZooKeeper session"))
                {
                    continue;
                }
                EventBridge.UnsubscribeSession(Events, JobRepository, session);
                session.Close();
                Registry.Remove(session);
                if (PassThru)
                {
                    WriteObject(session);
                }
            }
        }

        private IEnumerable<ZKSession> Targets()
        {
            switch (ParameterSetName)
            {
                case AllSet:
                    return Registry.Sessions;
                case NameSet:
                    var found = new List<ZKSession>();
                    foreach (string pattern in Name)
                    {
                        IReadOnlyList<ZKSession> matches = Registry.Match(pattern);
                        if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                        {
                            WriteError(new ErrorRecord(new ItemNotFoundException($"No ZooKeeper session is named '{pattern}'."),
                                "SessionNotFound", ErrorCategory.ObjectNotFound, pattern));
                        }
                        found.AddRange(matches);
                    }
                    return found;
                default:
                    if (Session != null)
                    {
                        return Session;
                    }
                    ZKSession? current = Registry.Current;
                    return current == null ? new ZKSession[0] : new[] { current };
            }
        }
    }
}
