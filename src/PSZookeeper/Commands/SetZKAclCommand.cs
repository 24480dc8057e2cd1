using System.Management.Automation;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>Set-ZKAcl: replaces a znode's ACL (zkCli setAcl [-v aclVersion]).</summary>
    [Cmdlet(VerbsCommon.Set, "ZKAcl", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZKAclEntry))]
    public sealed class SetZKAclCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string[] Path { get; set; } = new string[0];

        /// <summary>The new ACL: 'world:anyone:cdrwa', 'digest:user:hash:cdrwa', 'ip:10.0.0.1:r', or Get-ZKAcl output.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public object[] Acl { get; set; } = new object[0];

        /// <summary>The ACL version expected (-1 for any).</summary>
        [Parameter]
        public int AclVersion { get; set; } = -1;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            foreach (string path in Path)
            {
                Try(() =>
                {
                    var acl = AclParser.ToAclList(Acl) ?? throw new System.ArgumentException("-Acl needs at least one entry.");
                    if (!ShouldProcess(path, "Set ACL to " + string.Join(",", acl)))
                    {
                        return;
                    }
                    RetriedCalls calls = Calls(session);
                    System.Func<Task<Stat>> write = () => session.Client.SetAclAsync(path, acl, AclVersion);
                    if (AclVersion == -1)
                    {
                        calls.Overwrite(path, "Set ACL of", write);
                    }
                    else
                    {
                        calls.VersionedWrite(path, "Set ACL of", write);
                    }
                    if (PassThru)
                    {
                        foreach (Acl entry in acl)
                        {
                            WriteObject(new ZKAclEntry(path, entry));
                        }
                    }
                }, path);
            }
        }
    }
}
