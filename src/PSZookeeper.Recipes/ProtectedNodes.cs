using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Framework;
using PSZookeeper.Recipes.Internal;

namespace PSZookeeper.Recipes
{
    /// <summary>
    /// Protected creates: the node's name carries a GUID ("_c_&lt;guid&gt;-&lt;prefix&gt;"), so when a
    /// create's reply is lost to a connection loss the node is found again by that GUID instead of
    /// being created twice (a leaked ephemeral-sequential node would block a lock queue until the
    /// session ends). Every recipe makes its sequential nodes this way.
    /// </summary>
    public static class ProtectedNodes
    {
        /// <summary>
        /// Creates a protected node under <paramref name="parentPath"/> (made, as a container, if missing).
        /// </summary>
        /// <param name="client">The session.</param>
        /// <param name="parentPath">The parent znode.</param>
        /// <param name="prefix">The name after the protection id, e.g. "lock-".</param>
        /// <param name="data">The node's data, or null.</param>
        /// <param name="mode">Usually <see cref="CreateMode.EphemeralSequential"/>; any mode works.</param>
        /// <param name="protectionId">
        /// Null for a fresh GUID. Pass an id saved from an earlier run to take over: an ephemeral node
        /// with this id left by a previous session is deleted first (it would otherwise stay until that
        /// session times out), and one of this session is returned as is.
        /// </param>
        /// <param name="acl">The ACL, or null for the open ACL.</param>
        /// <param name="cancellationToken">
        /// Honoured until the create is sent; after that the outcome is resolved (found or created)
        /// so no node is left unaccounted for.
        /// </param>
        /// <exception cref="SessionLostException">The session ended.</exception>
        /// <exception cref="PSZookeeper.Client.Errors.ConnectionLossException">No connection came back in time.</exception>
        public static Task<ProtectedNode> CreateAsync(ZooKeeperClient client, string parentPath, string prefix, byte[]? data,
            CreateMode mode = CreateMode.EphemeralSequential, Guid? protectionId = null, IReadOnlyList<Acl>? acl = null,
            CancellationToken cancellationToken = default)
        {
            ZNodePath.Validate(parentPath);
            var request = new ProtectedCreate(parentPath, prefix ?? string.Empty, data, mode, acl, CreateMode.Container);
            return request.RunAsync(ConnectionMonitor.For(client), protectionId ?? Guid.NewGuid(), protectionId.HasValue, cancellationToken);
        }

        /// <summary>Finds the child of <paramref name="parentPath"/> carrying <paramref name="protectionId"/>, or null.</summary>
        public static Task<ProtectedNode?> FindAsync(ZooKeeperClient client, string parentPath, Guid protectionId,
            CancellationToken cancellationToken = default)
        {
            ZNodePath.Validate(parentPath);
            return ProtectedCreate.FindAsync(ConnectionMonitor.For(client), parentPath, protectionId, cancellationToken);
        }

        /// <summary>True when <paramref name="name"/> is a protected name; gives its id and the rest of the name.</summary>
        public static bool TryParseName(string name, out Guid protectionId, out string rest)
        {
            if (name == null)
            {
                throw new ArgumentNullException(nameof(name));
            }
            return ProtectedName.TrySplit(name, out protectionId, out rest);
        }
    }
}
