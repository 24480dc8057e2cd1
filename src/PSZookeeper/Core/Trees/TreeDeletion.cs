using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Core.Trees
{
    /// <summary>Deletes subtrees deepest first, in pipelined batches (one session's requests run in order).</summary>
    internal static class TreeDeletion
    {
        /// <summary>
        /// Deletes the subtree whose paths (parents first, as ZNodeTree.CollectAsync gives them) are
        /// <paramref name="tree"/>; walks again when a child was added meanwhile. Returns how many
        /// nodes this call deleted.
        /// </summary>
        public static int DeleteTree(ITreeHost host, ZooKeeperClient client, string root, List<string> tree, string activity)
        {
            int deleted = 0;
            while (tree.Count > 0)
            {
                var order = Enumerable.Reverse(tree).ToList();
                int done = 0;
                foreach (IReadOnlyList<string> batch in ZNodeTree.Batches<string>(order))
                {
                    deleted += host.Await(ZNodeTree.DeleteBatchAsync(client, batch));
                    done += batch.Count;
                    host.Progress(activity, $"{done} of {order.Count} znodes removed", done, order.Count);
                }
                if (host.Await(client.ExistsAsync(root)) == null)
                {
                    break;
                }
                tree = host.Await(ZNodeTree.CollectAsync(client, root, -1, host.StopToken));
            }
            return deleted;
        }
    

        /// <summary>
        /// Deletes exactly the entries read under <paramref name="root"/>, children first, each at the
        /// version read: a node changed or given a child since fails with BadVersion or NotEmpty,
        /// and nodes added meanwhile are never deleted. A node already gone counts as deleted.
        /// </summary>
        public static void DeleteEntries(ITreeHost host, ZooKeeperClient client, string root, IReadOnlyList<ZKTreeEntry> entries, string activity)
        {
            int done = 0;
            foreach (IGrouping<int, ZKTreeEntry> level in entries.GroupBy(e => e.Depth).OrderByDescending(g => g.Key))
            {
                foreach (IReadOnlyList<ZKTreeEntry> batch in ZNodeTree.Batches<ZKTreeEntry>(level.ToList()))
                {
                    host.Await(Task.WhenAll(batch.Select(e => DeleteAtVersionAsync(client, e.PathUnder(root), e.Version))));
                    done += batch.Count;
                    host.Progress(activity, $"{done} of {entries.Count} znodes removed", done, entries.Count);
                }
            }
        }

        // Task<bool>, not Task: Task.WhenAll of them is a Task<T> the host can await.
        private static async Task<bool> DeleteAtVersionAsync(ZooKeeperClient client, string path, int version)
        {
            try
            {
                await client.DeleteAsync(path, version).ConfigureAwait(false);
                return true;
            }
            catch (NoNodeException)
            {
                return false;
            }
        }
    }
}
