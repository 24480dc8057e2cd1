using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Framework
{
    /// <summary>
    /// Paths and subtrees: create with parents, walk, read and delete, with pipelined requests
    /// (one level or batch of <see cref="BatchSize"/> at a time). Nodes that others create or
    /// delete meanwhile are expected, not errors.
    /// </summary>
    public static class ZNodeTree
    {
        /// <summary>How many requests one batch keeps in flight.</summary>
        public const int BatchSize = 500;

        /// <summary>How many times a subtree is walked again when children keep appearing while it is deleted.</summary>
        private const int MaxDeleteRounds = 5;

        /// <summary>
        /// Creates a node after creating any missing ancestors (persistent, empty, with the same
        /// ACL). Ancestors created concurrently by others are fine; the node itself existing is not
        /// (<see cref="NodeExistsException"/>).
        /// </summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The node to create.</param>
        /// <param name="data">Its data, or null.</param>
        /// <param name="acl">The ACL of the node and of the ancestors it creates; null for open.</param>
        /// <param name="mode">The node's mode (ancestors are persistent).</param>
        /// <param name="ttl">The TTL in milliseconds for TTL modes.</param>
        /// <returns>The created path (with any sequence) and its Stat.</returns>
        public static async Task<CreateResult> CreateRecursiveAsync(this ZooKeeperClient client, string path, byte[]? data,
            IReadOnlyList<Acl>? acl = null, CreateMode mode = CreateMode.Persistent, long ttl = 0)
        {
            ZNodePath.Validate(path, mode.IsSequential());
            try
            {
                return await client.CreateWithStatAsync(path, data, acl, mode, ttl).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                // Some ancestor is missing.
            }
            foreach (string ancestor in ZNodePath.Ancestors(path))
            {
                try
                {
                    await client.CreateAsync(ancestor, null, acl).ConfigureAwait(false);
                }
                catch (NodeExistsException)
                {
                    // Already there, made by us earlier or by someone else.
                }
            }
            return await client.CreateWithStatAsync(path, data, acl, mode, ttl).ConfigureAwait(false);
        }

        /// <summary>
        /// Makes sure a path exists: missing ancestors are created persistent, the node itself with
        /// <paramref name="mode"/>. A node made by another participant (or by our own attempt whose
        /// reply was lost) is fine.
        /// </summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The path.</param>
        /// <param name="data">The data of the node if this call creates it.</param>
        /// <param name="acl">The ACL of the nodes this call creates; null for open.</param>
        /// <param name="mode">The node's mode if this call creates it (not sequential).</param>
        /// <returns>True when this call created the node.</returns>
        public static async Task<bool> EnsurePathAsync(this ZooKeeperClient client, string path, byte[]? data = null,
            IReadOnlyList<Acl>? acl = null, CreateMode mode = CreateMode.Persistent)
        {
            if (path == ZNodePath.Root)
            {
                return false;
            }
            try
            {
                await client.CreateRecursiveAsync(path, data, acl, mode).ConfigureAwait(false);
                return true;
            }
            catch (NodeExistsException)
            {
                return false;
            }
        }

        /// <summary>
        /// Deletes a node and everything below it, deepest first. Nodes that vanish meanwhile are
        /// fine; a child added meanwhile makes the subtree be walked again, a few rounds at most.
        /// </summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The subtree's root (the root znode itself is never deleted).</param>
        /// <param name="cancellationToken">Stops between batches.</param>
        /// <returns>The number of nodes deleted by this call.</returns>
        public static async Task<int> DeleteRecursiveAsync(this ZooKeeperClient client, string path, CancellationToken cancellationToken = default)
        {
            int deleted = 0;
            for (int round = 1; round <= MaxDeleteRounds; round++)
            {
                List<string> tree;
                try
                {
                    tree = await CollectAsync(client, path, -1, cancellationToken).ConfigureAwait(false);
                }
                catch (NoNodeException)
                {
                    return deleted;
                }
                tree.Reverse();
                tree.Remove(ZNodePath.Root);
                foreach (IReadOnlyList<string> batch in Batches<string>(tree))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    deleted += await DeleteBatchAsync(client, batch).ConfigureAwait(false);
                }
                if (path == ZNodePath.Root || await client.ExistsAsync(path).ConfigureAwait(false) == null)
                {
                    return deleted;
                }
            }
            throw ZooKeeperException.Create(ErrorCode.NotEmpty, path, $"Children kept appearing under {path} while it was deleted.");
        }

        /// <summary>
        /// The paths of a subtree in breadth-first order (parents before children, children sorted).
        /// <paramref name="depth"/> 0 is the root alone, a negative depth is unlimited.
        /// Nodes deleted meanwhile are skipped; a missing root throws NoNodeException.
        /// </summary>
        /// <param name="client">The session.</param>
        /// <param name="root">The subtree's root.</param>
        /// <param name="depth">How many levels below the root; negative for all.</param>
        /// <param name="cancellationToken">Stops between batches.</param>
        /// <returns>The paths, root first.</returns>
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
                foreach (IReadOnlyList<string> parents in Batches<string>(level))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    IReadOnlyList<string>?[] results = await Task.WhenAll(parents.Select(p => ChildrenOrNull(client, p))).ConfigureAwait(false);
                    for (int i = 0; i < parents.Count; i++)
                    {
                        foreach (string child in (results[i] ?? Array.Empty<string>()).OrderBy(c => c, StringComparer.Ordinal))
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
        /// <param name="client">The session.</param>
        /// <param name="paths">The nodes.</param>
        /// <param name="cancellationToken">Stops between batches.</param>
        /// <returns>Each node's data and Stat, in the order of <paramref name="paths"/>.</returns>
        public static async Task<NodeData?[]> ReadAsync(ZooKeeperClient client, IReadOnlyList<string> paths, CancellationToken cancellationToken)
        {
            var result = new NodeData?[paths.Count];
            int start = 0;
            foreach (IReadOnlyList<string> batch in Batches(paths))
            {
                cancellationToken.ThrowIfCancellationRequested();
                NodeData?[] read = await Task.WhenAll(batch.Select(path => DataOrNull(client, path))).ConfigureAwait(false);
                Array.Copy(read, 0, result, start, read.Length);
                start += read.Length;
            }
            return result;
        }

        /// <summary>
        /// Deletes a batch of nodes in order with pipelined requests (give children before parents).
        /// A node already gone, or given a child meanwhile (NotEmpty), is not counted: walk the
        /// subtree again to see what is left.
        /// </summary>
        /// <param name="client">The session.</param>
        /// <param name="paths">The nodes, children before parents.</param>
        /// <returns>How many nodes this call deleted.</returns>
        public static async Task<int> DeleteBatchAsync(ZooKeeperClient client, IReadOnlyList<string> paths)
        {
            bool[] done = await Task.WhenAll(paths.Select(path => DeleteOrGone(client, path))).ConfigureAwait(false);
            return done.Count(d => d);
        }

        /// <summary>Splits a list into batches.</summary>
        /// <typeparam name="T">The item type.</typeparam>
        /// <param name="items">The items.</param>
        /// <param name="size">The batch size; <see cref="BatchSize"/> by default.</param>
        /// <returns>The batches, in order.</returns>
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
            catch (Exception ex) when (ex is NoNodeException || ex is NotEmptyException)
            {
                return false;
            }
        }
    }
}
