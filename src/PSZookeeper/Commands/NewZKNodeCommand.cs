using System.Management.Automation;
using PSZookeeper.Client;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>New-ZKNode: creates a znode (zkCli create [-e] [-s] [-c] [-t ttl] path data acl).</summary>
    [Cmdlet(VerbsCommon.New, "ZKNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(ZKNode))]
    public sealed class NewZKNodeCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>The data: text (UTF-8), byte[], or an object (stored as JSON).</summary>
        [Parameter(Position = 1, ValueFromPipeline = true)]
        [Alias("Value", "Data", "InputText")]
        [AllowNull]
        public object? InputObject { get; set; }

        [Parameter]
        public SwitchParameter Ephemeral { get; set; }

        [Parameter]
        public SwitchParameter Sequential { get; set; }

        [Parameter]
        public SwitchParameter Container { get; set; }

        /// <summary>Time to live in milliseconds (a TTL node; the server needs extendedTypesEnabled).</summary>
        [Parameter]
        [ValidateRange(1, 0xFF_FFFF_FFFFL)]
        public long Ttl { get; set; }

        /// <summary>ACL entries: 'world:anyone:cdrwa', 'digest:user:hash:rw', or Get-ZKAcl output.</summary>
        [Parameter]
        public object[]? Acl { get; set; }

        /// <summary>Serialize the data as JSON.</summary>
        [Parameter]
        public SwitchParameter AsJson { get; set; }

        /// <summary>Create missing parent nodes.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// With -Sequential: name the node _c_&lt;guid&gt;-&lt;name&gt;&lt;sequence&gt;, so a create whose reply is lost
        /// to a connection loss is found again after the reconnect instead of made twice.
        /// </summary>
        [Parameter]
        public SwitchParameter Protected { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Try(() =>
            {
                CreateMode mode = CreateModes.Resolve(Ephemeral, Sequential, Container, Ttl);
                if (!ShouldProcess(Path, $"Create {mode} znode"))
                {
                    return;
                }
                WriteObject(NodeCreation.Create(this, session, Path, InputObject, AsJson, AclParser.ToAclList(Acl), mode, Ttl, Force, Protected));
            }, Path);
        }
    }
}
