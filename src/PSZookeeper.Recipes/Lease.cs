using System;
using System.Threading.Tasks;
using PSZookeeper.Framework;
using PSZookeeper.Recipes.Internal;

namespace PSZookeeper.Recipes
{
    /// <summary>
    /// A held lock, read/write lock side or semaphore lease: an ephemeral node of this session.
    /// Release it by disposing. It ends as every <see cref="Hold"/> does: lost when the session
    /// ends, when the node is deleted, or when the connection stays suspended past a quarter of
    /// the session timeout (the node is then deleted once connected again, so it blocks no one).
    /// While the connection is suspended the lease is uncertain; guard shared resources with
    /// <see cref="Hold.FencingToken"/>.
    /// </summary>
    public sealed class Lease : Hold, IAsyncDisposable, IDisposable
    {
        internal Lease(ConnectionMonitor monitor, ProtectedNode node)
            : base(monitor, node.Path, node.Stat, null)
        {
            Node = node;
        }

        /// <summary>The lease's node.</summary>
        public ProtectedNode Node { get; }

        /// <summary>The node's sequence number: the order in which it queued.</summary>
        public long Sequence => Node.Sequence;

        /// <summary>Deletes the node (retried across a brief disconnect, else finished in the background).</summary>
        /// <returns>A task that completes when the node is deleted or its deletion continues in the background.</returns>
        public async Task ReleaseAsync()
        {
            if (End(HoldEndReason.Released))
            {
                await NodeReaper.DeleteNowOrLaterAsync(Monitor, NodePath).ConfigureAwait(false);
            }
        }

        /// <inheritdoc/>
        public ValueTask DisposeAsync() => new ValueTask(ReleaseAsync());

        /// <summary>Releases, waiting a bounded time; on the client's event thread it only starts the release.</summary>
        public void Dispose() => SyncDisposal.Run(ReleaseAsync);

        /// <inheritdoc/>
        public override string ToString() => $"Lease({NodePath}, token {FencingToken}, {(IsHeld ? "held" : IsLost ? "lost" : "released")})";

        /// <inheritdoc/>
        protected override void OnEnded(HoldEndReason reason)
        {
            if (reason == HoldEndReason.Suspended)
            {
                // The node may outlive the suspension: it must not block those queued after it.
                NodeReaper.DeleteLater(Monitor, NodePath);
            }
        }
    }
}
