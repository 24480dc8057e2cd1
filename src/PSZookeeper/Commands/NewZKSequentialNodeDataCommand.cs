using System.Management.Automation;
using PSZookeeper.Client;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// New-ZKSequentialNodeData (alias New-SequentialNodeData): queues data in a persistent
    /// sequential znode such as /tasks/task-0000000007 (missing parents are created).
    /// </summary>
    [Cmdlet(VerbsCommon.New, "ZKSequentialNodeData", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [Alias("New-SequentialNodeData")]
    [OutputType(typeof(ZKNode))]
    public sealed class NewZKSequentialNodeDataCommand : ZKCmdlet
    {
        /// <summary>The name prefix, e.g. /tasks/task-.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>The data: text (UTF-8), byte[], or an object (stored as JSON).</summary>
        [Parameter(Position = 1, ValueFromPipeline = true)]
        [Alias("Value", "Data", "InputText")]
        [AllowNull]
        public object? InputObject { get; set; }

        /// <summary>Make the node ephemeral too.</summary>
        [Parameter]
        public SwitchParameter Ephemeral { get; set; }

        [Parameter]
        public SwitchParameter AsJson { get; set; }

        /// <summary>
        /// Name the node _c_&lt;guid&gt;-&lt;name&gt;&lt;sequence&gt;, so a create whose reply is lost to a
        /// connection loss is found again after the reconnect instead of made twice.
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
                CreateMode mode = Ephemeral ? CreateMode.EphemeralSequential : CreateMode.PersistentSequential;
                if (ShouldProcess(Path, "Create sequential znode"))
                {
                    WriteObject(NodeCreation.Create(this, session, Path, InputObject, AsJson, AclParser.ToAclList(Acl), mode, 0, createParents: true, protect: Protected));
                }
            }, Path);
        }
    }
}
