using System.Management.Automation;
using PSZookeeper.Client;

namespace PSZookeeper.Commands
{
    /// <summary>Get-ZKAcl: a znode's ACL entries (zkCli getAcl).</summary>
    [Cmdlet(VerbsCommon.Get, "ZKAcl")]
    [OutputType(typeof(ZKAclEntry))]
    public sealed class GetZKAclCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string[] Path { get; set; } = new string[0];

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            foreach (string path in Path)
            {
                Try(() =>
                {
                    AclWithStat acl = Calls(session).Repeat(path, "Read ACL of", () => session.Client.GetAclAsync(path));
                    foreach (Acl entry in acl.Acl)
                    {
                        WriteObject(new ZKAclEntry(path, entry));
                    }
                }, path);
            }
        }
    }
}
