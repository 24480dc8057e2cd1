using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Framework
{
    /// <summary>
    /// The idempotent node operations work above the client needs, each ridden across connection
    /// loss through <see cref="Retrying"/>: a node that is missing or already gone is an answer,
    /// not an error.
    /// </summary>
    public static class ZNodes
    {
        /// <summary>
        /// Makes sure <paramref name="path"/> exists: missing ancestors are created persistent, the
        /// node itself with <paramref name="leafMode"/> (Container for recipe directories, so an
        /// unused lock's directory does not stay behind forever).
        /// </summary>
        /// <param name="monitor">The session's monitor.</param>
        /// <param name="path">The path.</param>
        /// <param name="leafMode">The mode of the node itself, if this call creates it.</param>
        /// <param name="cancellationToken">Stops waiting for a reconnect.</param>
        /// <returns>A task that completes once the path exists.</returns>
        /// <exception cref="SessionLostException">The session ended.</exception>
        public static Task EnsureAsync(ConnectionMonitor monitor, string path, CreateMode leafMode, CancellationToken cancellationToken) =>
            Retrying.RunAsync(monitor, path, () => monitor.Client.EnsurePathAsync(path, null, null, leafMode), cancellationToken);

        /// <summary>Deletes a node; a node already gone counts as deleted.</summary>
        /// <param name="monitor">The session's monitor.</param>
        /// <param name="path">The node.</param>
        /// <param name="version">The version it must have; -1 for any.</param>
        /// <param name="cancellationToken">Stops waiting for a reconnect.</param>
        /// <returns>False when the version did not match.</returns>
        /// <exception cref="SessionLostException">The session ended.</exception>
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
        /// <param name="monitor">The session's monitor.</param>
        /// <param name="path">The node.</param>
        /// <param name="cancellationToken">Stops waiting for a reconnect.</param>
        /// <param name="deadline">When to give up waiting for a reconnect.</param>
        /// <param name="watcher">A one-shot child watch to set, or null.</param>
        /// <returns>The child names, or null.</returns>
        /// <exception cref="SessionLostException">The session ended.</exception>
        public static async Task<IReadOnlyList<string>?> ChildrenAsync(ConnectionMonitor monitor, string path, CancellationToken cancellationToken,
            Deadline? deadline = null, System.Action<WatchedEvent>? watcher = null)
        {
            try
            {
                return await Retrying.RunAsync(monitor, path, () => monitor.Client.GetChildrenAsync(path, watcher), cancellationToken, deadline).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return null;
            }
        }

        /// <summary>A node's data and Stat, or null when it does not exist.</summary>
        /// <param name="monitor">The session's monitor.</param>
        /// <param name="path">The node.</param>
        /// <param name="cancellationToken">Stops waiting for a reconnect.</param>
        /// <returns>The data and Stat, or null.</returns>
        /// <exception cref="SessionLostException">The session ended.</exception>
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
    }
}
