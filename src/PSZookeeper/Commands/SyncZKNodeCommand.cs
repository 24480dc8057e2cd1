using System.Management.Automation;

namespace PSZookeeper.Commands
{
    /// <summary>Sync-ZKNode: makes the connected server catch up with the leader for a path (zkCli sync).</summary>
    [Cmdlet(VerbsData.Sync, "ZKNode")]
    [OutputType(typeof(string))]
    public sealed class SyncZKNodeCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string[] Path { get; set; } = new string[0];

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            foreach (string path in Path)
            {
                Try(() =>
                {
                    string synced = Calls(session).Repeat(path, "Sync", () => session.Client.SyncAsync(path));
                    if (PassThru)
                    {
                        WriteObject(synced);
                    }
                }, path);
            }
        }
    }
}
