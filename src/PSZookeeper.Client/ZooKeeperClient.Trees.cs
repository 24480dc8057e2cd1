using System.Collections.Generic;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Client
{
    public sealed partial class ZooKeeperClient
    {
        /// <summary>
        /// Creates a node after creating any missing ancestors (persistent, empty data, same ACL).
        /// Ancestors created concurrently by others are fine.
        /// </summary>
        public async Task<string> CreateRecursiveAsync(string path, byte[]? data, IReadOnlyList<Acl>? acl = null,
            CreateMode mode = CreateMode.Persistent, long ttl = 0)
        {
            ZNodePath.Validate(path, mode.IsSequential());
            try
            {
                return await CreateAsync(path, data, acl, mode, ttl).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                // Fall through: some ancestor is missing.
            }
            foreach (string ancestor in ZNodePath.Ancestors(path))
            {
                try
                {
                    await CreateAsync(ancestor, null, acl).ConfigureAwait(false);
                }
                catch (NodeExistsException)
                {
                    // Already there, made by us earlier or by someone else.
                }
            }
            return await CreateAsync(path, data, acl, mode, ttl).ConfigureAwait(false);
        }

        /// <summary>
        /// Deletes a node and everything below it, deepest first. Nodes that vanish meanwhile are
        /// fine; a child added meanwhile makes the parent's delete fail with NotEmpty, retried once
        /// per round up to a few rounds.
        /// </summary>
        /// <returns>The number of nodes deleted by this call.</returns>
        public async Task<int> DeleteRecursiveAsync(string path)
        {
            ZNodePath.Validate(path);
            const int MaxRounds = 5;
            int deleted = 0;
            for (int round = 1; ; round++)
            {
                List<string> order = new List<string>();
                if (!await CollectAsync(path, order).ConfigureAwait(false))
                {
                    return deleted;
                }
                try
                {
                    for (int i = order.Count - 1; i >= 0; i--)
                    {
                        if (order[i] == ZNodePath.Root)
                        {
                            continue;
                        }
                        try
                        {
                            await DeleteAsync(order[i]).ConfigureAwait(false);
                            deleted++;
                        }
                        catch (NoNodeException)
                        {
                            // Deleted by someone else meanwhile.
                        }
                    }
                    return deleted;
                }
                catch (NotEmptyException) when (round < MaxRounds)
                {
                    // A child appeared while deleting; walk the tree again.
                }
            }
        }

        /// <summary>Lists the subtree, parents before children; false when the root is gone.</summary>
        private async Task<bool> CollectAsync(string root, List<string> order)
        {
            var queue = new Queue<string>();
            queue.Enqueue(root);
            while (queue.Count > 0)
            {
                string node = queue.Dequeue();
                IReadOnlyList<string> children;
                try
                {
                    children = await GetChildrenAsync(node).ConfigureAwait(false);
                }
                catch (NoNodeException)
                {
                    if (node == root)
                    {
                        return false;
                    }
                    continue;
                }
                order.Add(node);
                foreach (string child in children)
                {
                    queue.Enqueue(ZNodePath.Join(node, child));
                }
            }
            return true;
        }
    }
}
