using System.Collections.Generic;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper
{
    /// <summary>Node operations the cmdlets share, above the client's single calls.</summary>
    internal static class ZKNodes
    {
        /// <summary>Creates a node (and, with <paramref name="createParents"/>, its missing ancestors as persistent nodes).</summary>
        public static async Task<CreateResult> CreateAsync(ZooKeeperClient client, string path, byte[]? data, IReadOnlyList<Acl>? acl,
            CreateMode mode, long ttl, bool createParents)
        {
            if (!createParents)
            {
                return await client.CreateWithStatAsync(path, data, acl, mode, ttl).ConfigureAwait(false);
            }
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
                    // Already there.
                }
            }
            return await client.CreateWithStatAsync(path, data, acl, mode, ttl).ConfigureAwait(false);
        }
    }
}
