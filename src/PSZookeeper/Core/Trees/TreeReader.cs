using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Core.Trees
{
    /// <summary>Reads a subtree's data, modes and (optionally) ACLs with pipelined requests, one batch at a time.</summary>
    internal static class TreeReader
    {
        /// <summary>The server's own subtree, never exported or copied (quota and config nodes).</summary>
        public const string SystemRoot = "/zookeeper";

        /// <summary>
        /// Reads the subtree at <paramref name="root"/> down to <paramref name="depth"/> levels (negative: all).
        /// Nodes deleted meanwhile are left out; a missing root throws NoNodeException.
        /// </summary>
        public static ZKTreeSnapshot Read(ITreeHost host, ZooKeeperClient client, string root, int depth, bool includeAcl, string activity)
        {
            List<string> paths = host.Await(ZNodeTree.CollectAsync(client, root, depth, host.StopToken));
            if (string.IsNullOrEmpty(client.ConnectString.Chroot) || client.ConnectString.Chroot == "/")
            {
                paths = paths.Where(p => !ZKTreePaths.IsWithin(SystemRoot, p) || ZKTreePaths.IsWithin(SystemRoot, root)).ToList();
            }
            var entries = new List<ZKTreeEntry>(paths.Count);
            var ephemerals = new List<string>();
            int done = 0;
            foreach (IReadOnlyList<string> batch in ZNodeTree.Batches<string>(paths))
            {
                NodeData?[] nodes = host.Await(ZNodeTree.ReadAsync(client, batch, host.StopToken));
                IReadOnlyList<Acl>?[] acls = includeAcl ? host.Await(ReadAclsAsync(client, batch)) : new IReadOnlyList<Acl>?[batch.Count];
                for (int i = 0; i < batch.Count; i++)
                {
                    NodeData? node = nodes[i];
                    if (node == null || (includeAcl && acls[i] == null))
                    {
                        continue; // deleted while we read
                    }
                    ZKNodeMode mode = ZKNodeModes.Of(node.Stat);
                    if (mode == ZKNodeMode.Ephemeral)
                    {
                        ephemerals.Add(batch[i]);
                        continue;
                    }
                    entries.Add(new ZKTreeEntry(ZKTreePaths.Relative(root, batch[i]), node.Data, mode, 0,
                        acls[i], node.Stat.Version));
                }
                done += batch.Count;
                host.Progress(activity, $"{done} of {paths.Count} znodes read", done, paths.Count);
            }
            return new ZKTreeSnapshot(root, entries, ephemerals);
        }

        private static async Task<IReadOnlyList<Acl>?[]> ReadAclsAsync(ZooKeeperClient client, IReadOnlyList<string> paths)
        {
            return await Task.WhenAll(paths.Select(async p =>
            {
                try
                {
                    return (await client.GetAclAsync(p).ConfigureAwait(false)).Acl;
                }
                catch (NoNodeException)
                {
                    return (IReadOnlyList<Acl>?)null;
                }
            })).ConfigureAwait(false);
        }
    }
}
