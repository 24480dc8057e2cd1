using System.Collections.Generic;

namespace PSZookeeper.Client
{
    /// <summary>A znode's data with its Stat, as read in one operation.</summary>
    public sealed class NodeData
    {
        /// <summary>Creates the pair.</summary>
        public NodeData(byte[]? data, Stat stat)
        {
            Data = data;
            Stat = stat;
        }

        /// <summary>The data; null when the node was created with null data.</summary>
        public byte[]? Data { get; }

        /// <summary>The node's Stat at the time of the read.</summary>
        public Stat Stat { get; }
    }

    /// <summary>A node's children with the node's Stat.</summary>
    public sealed class ChildrenWithStat
    {
        /// <summary>Creates the pair.</summary>
        public ChildrenWithStat(IReadOnlyList<string> children, Stat stat)
        {
            Children = children;
            Stat = stat;
        }

        /// <summary>Child names (not full paths), in the server's order.</summary>
        public IReadOnlyList<string> Children { get; }

        /// <summary>The parent's Stat.</summary>
        public Stat Stat { get; }
    }

    /// <summary>A node's ACL with its Stat (whose Aversion is the ACL version).</summary>
    public sealed class AclWithStat
    {
        /// <summary>Creates the pair.</summary>
        public AclWithStat(IReadOnlyList<Acl> acl, Stat stat)
        {
            Acl = acl;
            Stat = stat;
        }

        /// <summary>The ACL entries.</summary>
        public IReadOnlyList<Acl> Acl { get; }

        /// <summary>The node's Stat.</summary>
        public Stat Stat { get; }
    }

    /// <summary>One identity the server has for this session (whoAmI).</summary>
    public sealed class ClientInfo
    {
        /// <summary>Creates the pair.</summary>
        public ClientInfo(string authScheme, string user)
        {
            AuthScheme = authScheme;
            User = user;
        }

        /// <summary>The scheme, e.g. ip or digest.</summary>
        public string AuthScheme { get; }

        /// <summary>The identity within the scheme.</summary>
        public string User { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{AuthScheme}:{User}";
    }
}
