using System.Collections.Generic;
using PSZookeeper.Client;

namespace PSZookeeper.Core.Trees
{
    /// <summary>
    /// One node of a subtree, independent of where the subtree lives: its path relative to the
    /// subtree's root ("/" is the root itself, "/a/b" below it), exact data, mode and ACL.
    /// </summary>
    internal sealed class ZKTreeEntry
    {
        public ZKTreeEntry(string relativePath, byte[]? data, ZKNodeMode mode, long ttl, IReadOnlyList<Acl>? acl, int version)
        {
            RelativePath = relativePath;
            Data = data;
            Mode = mode;
            Ttl = ttl;
            Acl = acl;
            Version = version;
        }

        /// <summary>"/" for the subtree's root, "/a/b" for a node below it.</summary>
        public string RelativePath { get; }

        /// <summary>The data exactly as stored; null for a node created without data.</summary>
        public byte[]? Data { get; }

        public ZKNodeMode Mode { get; }

        /// <summary>Milliseconds, for TTL nodes; 0 otherwise.</summary>
        public long Ttl { get; }

        /// <summary>The ACL, or null when it was not read (the default open ACL is used on create).</summary>
        public IReadOnlyList<Acl>? Acl { get; }

        /// <summary>The data version read (a move deletes the source only at this version); -1 when unknown.</summary>
        public int Version { get; }

        /// <summary>How many levels below the root: 0 for the root.</summary>
        public int Depth => RelativePath == "/" ? 0 : RelativePath.Split('/').Length - 1;

        /// <summary>This entry's path under <paramref name="root"/>.</summary>
        public string PathUnder(string root) => ZKTreePaths.Under(root, RelativePath);
    }
}
