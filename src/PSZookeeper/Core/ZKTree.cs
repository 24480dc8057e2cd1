using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper
{
    /// <summary>Walks and deletes znode trees with pipelined requests (one level or batch at a time).</summary>
    internal static class ZKTree
    {
        /// <summary>How many requests one batch keeps in flight.</summary>
        public const int BatchSize = 500;

        /// <summary>
        /// The paths of a subtree in breadth-first order (parents before children, children sorted).
        /// <paramref name="depth"/> 0 is the root alone, a negative depth is unlimited.
        /// Nodes deleted meanwhile are skipped; a missing root throws NoNodeException.
        /// </summary>
        public static async Task<List<string>> CollectAsync(ZooKeeperClient client, string root, int depth, CancellationToken cancellationToken)
        {
            ZNodePath.Validate(root);
            var order = new List<string>();
            if (await client.ExistsAsync(root).ConfigureAwait(false) == null)
            {
                throw ZooKeeperException.Create(ErrorCode.NoNode, root);
            }
            order.Add(root);
            var level = new List<string> { root };
            for (int d = 0; level.Count > 0 && (depth < 0 || d < depth); d++)
            {
                var next = new List<string>();
                foreach (IEnumerable<string> batch in Batches(level))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    string[] parents = batch.ToArray();
                    Task<IReadOnlyList<string>?>[] tasks = parents.Select(p => ChildrenOrNull(client, p)).ToArray();
                    IReadOnlyList<string>?[] results = await Task.WhenAll(tasks).ConfigureAwait(false);
                    for (int i = 0; i < parents.Length; i++)
                    {
                        if (results[i] == null)
                        {
                            continue;
                        }
                        foreach (string child in results[i]!.OrderBy(c => c, StringComparer.Ordinal))
                        {
                            next.Add(ZNodePath.Join(parents[i], child));
                        }
                    }
                }
                order.AddRange(next);
                level = next;
            }
            return order;
        }

        /// <summary>Reads many nodes with pipelined getData; nodes that vanished come back as null.</summary>
        public static async Task<NodeData?[]> ReadAsync(ZooKeeperClient client, IReadOnlyList<string> paths, CancellationToken cancellationToken)
        {
            var result = new NodeData?[paths.Count];
            for (int start = 0; start < paths.Count; start += BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(BatchSize, paths.Count - start);
                var tasks = new Task<NodeData?>[count];
                for (int i = 0; i < count; i++)
                {
                    tasks[i] = DataOrNull(client, paths[start + i]);
                }
                NodeData?[] batch = await Task.WhenAll(tasks).ConfigureAwait(false);
                Array.Copy(batch, 0, result, start, count);
            }
            return result;
        }

        /// <summary>
        /// Deletes a batch of nodes in order with pipelined requests (give children before parents).
        /// Already-deleted nodes count as deleted. Returns how many requests succeeded.
        /// </summary>
        public static async Task<int> DeleteBatchAsync(ZooKeeperClient client, IReadOnlyList<string> paths)
        {
            var tasks = new Task<bool>[paths.Count];
            for (int i = 0; i < paths.Count; i++)
            {
                tasks[i] = DeleteOrGone(client, paths[i]);
            }
            bool[] done = await Task.WhenAll(tasks).ConfigureAwait(false);
            return done.Count(d => d);
        }

        /// <summary>Splits a list into batches of <see cref="BatchSize"/>.</summary>
        public static IEnumerable<IReadOnlyList<T>> Batches<T>(IReadOnlyList<T> items, int size = BatchSize)
        {
            for (int start = 0; start < items.Count; start += size)
            {
                int count = Math.Min(size, items.Count - start);
                var batch = new T[count];
                for (int i = 0; i < count; i++)
                {
                    batch[i] = items[start + i];
                }
                yield return batch;
            }
        }

        private static IEnumerable<IEnumerable<string>> Batches(List<string> items) => Batches<string>(items);

        private static async Task<IReadOnlyList<string>?> ChildrenOrNull(ZooKeeperClient client, string path)
        {
            try
            {
                return await client.GetChildrenAsync(path).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return null;
            }
        }

        private static async Task<NodeData?> DataOrNull(ZooKeeperClient client, string path)
        {
            try
            {
                return await client.GetDataAsync(path).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return null;
            }
        }

        private static async Task<bool> DeleteOrGone(ZooKeeperClient client, string path)
        {
            try
            {
                await client.DeleteAsync(path).ConfigureAwait(false);
                return true;
            }
            catch (NoNodeException)
            {
                return false;
            }
        }
    }
}
