using System.Collections.Generic;
using System.Linq;
using System.Text;
using PSZookeeper.Client;

namespace PSZookeeper.Core.Trees
{
    /// <summary>
    /// Builds the one multi request that copies or moves a subtree atomically, and measures it
    /// against the server's request limit.
    /// </summary>
    internal static class TreeTransaction
    {
        /// <summary>
        /// The largest multi request sent as one transaction: the server refuses a request over
        /// jute.maxbuffer (1 MiB - 1 by default) and closes the connection; 16 KiB stays free for
        /// the request and multi headers this estimate leaves out.
        /// </summary>
        public const int MaxRequestBytes = 0xFFFFF - 16 * 1024;

        // Each op in a multi: its header (type int, done bool, err int).
        private const int OpHeaderBytes = 9;

        /// <summary>The ops that create every entry under <paramref name="destination"/>, parents first.</summary>
        public static List<Op> Creates(string destination, IEnumerable<ZKTreeEntry> entries) =>
            entries.Select(e => Op.Create(e.PathUnder(destination), e.Data, e.Acl ?? Ids.OpenAclUnsafe, ZKNodeModes.ToCreateMode(e.Mode), e.Ttl))
                .ToList();

        /// <summary>
        /// The ops that delete every entry under <paramref name="source"/>, children first, each at
        /// the version read: a node changed since makes the whole transaction fail.
        /// </summary>
        public static List<Op> Deletes(string source, IEnumerable<ZKTreeEntry> entries) =>
            entries.Reverse().Select(e => Op.Delete(e.PathUnder(source), e.Version)).ToList();

        /// <summary>The serialized size of the create ops for these entries (jute: length-prefixed strings and buffers).</summary>
        public static long CreateBytes(string destination, IEnumerable<ZKTreeEntry> entries) =>
            entries.Sum(e => OpHeaderBytes + StringBytes(e.PathUnder(destination)) + 4 + (e.Data?.Length ?? 0) +
                4 + (e.Acl ?? Ids.OpenAclUnsafe).Sum(a => 4 + StringBytes(a.Id.Scheme) + StringBytes(a.Id.Ident)) + 4 + (e.Ttl > 0 ? 8 : 0));

        /// <summary>The serialized size of the delete ops for these entries.</summary>
        public static long DeleteBytes(string source, IEnumerable<ZKTreeEntry> entries) =>
            entries.Sum(e => OpHeaderBytes + StringBytes(e.PathUnder(source)) + 4);

        private static int StringBytes(string text) => 4 + Encoding.UTF8.GetByteCount(text);
    }
}
