using System.Management.Automation;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>Get-ZKSession: the sessions of this runspace, or the current one.</summary>
    [Cmdlet(VerbsCommon.Get, "ZKSession", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(ZKSession))]
    public sealed class GetZKSessionCommand : ZKCmdletBase
    {
        public const string NameSet = "Name";
        public const string CurrentSet = "Current";

        [Parameter(ParameterSetName = NameSet, Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ZKSessionNameCompleter))]
        public string[] Name { get; set; } = { "*" };

        [Parameter(ParameterSetName = CurrentSet, Mandatory = true)]
        public SwitchParameter Current { get; set; }

        protected override void ProcessRecord()
        {
            SessionRegistry registry = Registry;
            if (Current)
            {
                if (registry.Current != null)
                {
                    WriteObject(registry.Current);
                }
                return;
            }
            foreach (string pattern in Name)
            {
                var matches = registry.Match(pattern);
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No ZooKeeper session is named '{pattern}'."),
                        "SessionNotFound", ErrorCategory.ObjectNotFound, pattern));
                }
                WriteObject(matches, enumerateCollection: true);
            }
        }
    }
}
