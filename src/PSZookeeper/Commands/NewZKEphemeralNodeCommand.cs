using System.Management.Automation;
using PSZookeeper.Client;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>New-ZKEphemeralNode: creates an ephemeral znode (missing parents are created), gone when the session ends.</summary>
    [Cmdlet(VerbsCommon.New, "ZKEphemeralNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(ZKNode))]
    public sealed class NewZKEphemeralNodeCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        [Parameter(Position = 1, ValueFromPipeline = true)]
        [Alias("Value", "Data", "InputText")]
        [AllowNull]
        public object? InputObject { get; set; }

        /// <summary>Append a sequence number to the name.</summary>
        [Parameter]
        public SwitchParameter Sequential { get; set; }

        [Parameter]
        public SwitchParameter AsJson { get; set; }

        /// <summary>
        /// With -Sequential: name the node _c_&lt;guid&gt;-&lt;name&gt;&lt;sequence&gt;, so a create whose reply is lost
        /// to a connection loss is found again after the reconnect instead of made twice.
        /// </summary>
        [Parameter]
        public SwitchParameter Protected { get; set; }

        [Parameter]
        public object[]? Acl { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Try(() =>
            {
                CreateMode mode = Sequential ? CreateMode.EphemeralSequential : CreateMode.Ephemeral;
                if (ShouldProcess(Path, "Create ephemeral znode"))
                {
                    WriteObject(NodeCreation.Create(this, session, Path, InputObject, AsJson, AclParser.ToAclList(Acl), mode, 0, createParents: true, protect: Protected));
                }
            }, Path);
        }
    }
}
