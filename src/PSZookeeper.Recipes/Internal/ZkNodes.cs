using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Recipes.Internal
{
    /// <summary>Small idempotent node operations every recipe needs, with connection loss handled.</summary>
    internal static class ZkNodes
    {
        public static string Join(string parent, string name) => parent == ZNodePath.Root ? "/" + name : parent + "/" + name;

        /// <summary>
        /// Makes sure <paramref name="path"/> exists: missing ancestors are created persistent, the
        /// node itself with <paramref name="leafMode"/> (Container for recipe directories, so an
        /// unused lock's directory does not stay behind forever). Nodes made concurrently by others are fine.
        /// </summary>
        public static async Task EnsureAsync(ConnectionMonitor monitor, string path, CreateMode leafMode, CancellationToken cancellationToken)
        {
            if (path == ZNodePath.Root)
            {
                return;
            }
            foreach (string ancestor in ZNodePath.Ancestors(path))
            {
                await CreateIfMissingAsync(monitor, ancestor, CreateMode.Persistent, cancellationToken).ConfigureAwait(false);
            }
            await CreateIfMissingAsync(monitor, path, leafMode, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Deletes a node; a node already gone counts as deleted. False when the version did not match.</summary>
        public static async Task<bool> DeleteAsync(ConnectionMonitor monitor, string path, int version, CancellationToken cancellationToken)
        {
            try
            {
                await Retrying.RunAsync(monitor, path, () => monitor.Client.DeleteAsync(path, version), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (NoNodeException)
            {
                return true;
            }
            catch (BadVersionException)
            {
                return false;
            }
        }

        /// <summary>The children of a node, or null when the node does not exist.</summary>
        public static async Task<IReadOnlyList<string>?> ChildrenAsync(ConnectionMonitor monitor, string path, CancellationToken cancellationToken,
            Deadline? deadline = null)
        {
            try
            {
                return await Retrying.RunAsync(monitor, path, () => monitor.Client.GetChildrenAsync(path), cancellationToken, deadline).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return null;
            }
        }

        /// <summary>A node's data and Stat, or null when it does not exist.</summary>
        public static async Task<NodeData?> DataAsync(ConnectionMonitor monitor, string path, CancellationToken cancellationToken)
        {
            try
            {
                return await Retrying.RunAsync(monitor, path, () => monitor.Client.GetDataAsync(path), cancellationToken).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return null;
            }
        }

        private static async Task CreateIfMissingAsync(ConnectionMonitor monitor, string path, CreateMode mode, CancellationToken cancellationToken)
        {
            try
            {
                await Retrying.RunAsync(monitor, path, () => monitor.Client.CreateAsync(path, null, null, mode), cancellationToken).ConfigureAwait(false);
            }
            catch (NodeExistsException)
            {
                // Made by someone else, or by our own attempt whose reply was lost.
            }
        }
    }
}
