using PSZookeeper.Client;
using PSZookeeper.Core;

namespace PSZookeeper
{
    /// <summary>One ACL entry as Get-ZKAcl shows it.</summary>
    public sealed class ZKAclEntry
    {
        public ZKAclEntry(string path, Acl acl)
        {
            Path = path;
            Scheme = acl.Id.Scheme;
            Id = acl.Id.Ident;
            Permissions = acl.Perms;
        }

        public string Path { get; }

        public string Scheme { get; }

        public string Id { get; }

        public Permissions Permissions { get; }

        /// <summary>zkCli's letters, e.g. cdrwa.</summary>
        public string Perms => AclParser.FormatPermissions(Permissions);

        public Acl ToAcl() => new Acl(Permissions, new Id(Scheme, Id));

        public override string ToString() => $"{Scheme}:{Id}:{Perms}";
    }
}
