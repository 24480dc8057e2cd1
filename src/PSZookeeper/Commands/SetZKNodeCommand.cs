using System.Management.Automation;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>Set-ZKNode: writes a znode's data (zkCli set [-v version]); a piped node supplies its path and version.</summary>
    [Cmdlet(VerbsCommon.Set, "ZKNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZKNode))]
    public sealed class SetZKNodeCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>The data: text (UTF-8), byte[], or an object (stored as JSON).</summary>
        [Parameter(Position = 1, ValueFromPipeline = true)]
        [Alias("Value", "Data", "InputText")]
        [AllowNull]
        public object? InputObject { get; set; }

        /// <summary>The version expected (-1, the default, for any); taken from a piped node.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int Version { get; set; } = -1;

        /// <summary>Write whatever the version (ignores -Version and a piped node's version).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter AsJson { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Try(() =>
            {
                if (!ShouldProcess(Path, "Set znode data"))
                {
                    return;
                }
                byte[]? data = Encode(InputObject, AsJson);
                int version = Force ? -1 : Version;
                RetriedCalls calls = Calls(session);
                System.Func<Task<Stat>> write = () => session.Client.SetDataAsync(Path, data, version);
                Stat stat = version == -1 ? calls.Overwrite(Path, "Set", write) : calls.VersionedWrite(Path, "Set", write);
                if (PassThru)
                {
                    WriteObject(ToNode(Path, data, stat, session, AsJson ? DataFormat.Json : DataFormat.Text));
                }
            }, Path);
        }
    }
}
