using System.Management.Automation;

namespace PSZookeeper.Commands
{
    /// <summary>Test-ZKNode: $true when the znode exists (zkCli stat).</summary>
    [Cmdlet(VerbsDiagnostic.Test, "ZKNode")]
    [OutputType(typeof(bool))]
    public sealed class TestZKNodeCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string[] Path { get; set; } = new string[0];

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            foreach (string path in Path)
            {
                Try(() => WriteObject(Calls(session).Repeat(path, "Test", () => session.Client.ExistsAsync(path)) != null), path);
            }
        }
    }
}
