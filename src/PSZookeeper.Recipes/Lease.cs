using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Recipes.Internal;

namespace PSZookeeper.Recipes
{
    /// <summary>
    /// A held lock, read/write lock side or semaphore lease: an ephemeral node of this session.
    /// Release it by disposing. It is lost, and <see cref="LostToken"/> is cancelled, when the session
    /// ends or when, after a reconnect, the node turns out to be gone. While the connection is
    /// suspended the lease is uncertain; guard shared resources with <see cref="FencingToken"/>.
    /// </summary>
    public sealed class Lease : IAsyncDisposable, IDisposable
    {
        private static readonly TimeSpan SyncReleaseWait = TimeSpan.FromSeconds(10);
        private readonly ConnectionMonitor _monitor;
        private readonly CancellationTokenSource _lost = new CancellationTokenSource();
        private readonly Action<RecipeConnectionState> _onConnectionChange;
        private int _state; // Held, Released, Lost

        internal Lease(ConnectionMonitor monitor, ProtectedNode node)
        {
            _monitor = monitor;
            Node = node;
            _onConnectionChange = OnConnectionChanged;
            monitor.Changed += _onConnectionChange;
            if (monitor.IsLost)
            {
                MarkLost();
            }
        }

        /// <summary>The lease's node.</summary>
        public ProtectedNode Node { get; }

        /// <summary>The path of the lease's node.</summary>
        public string NodePath => Node.Path;

        /// <summary>The node's sequence number: the order in which it queued.</summary>
        public long Sequence => Node.Sequence;

        /// <summary>
        /// The zxid that created the node: it grows with every acquisition, so a resource that refuses
        /// tokens lower than the highest it has seen cannot be written by a holder that lost the lease.
        /// </summary>
        public long FencingToken => Node.Stat.Czxid;

        /// <summary>True until released or lost.</summary>
        public bool IsHeld => Volatile.Read(ref _state) == Held;

        /// <summary>True when the lease was lost rather than released.</summary>
        public bool IsLost => Volatile.Read(ref _state) == Lost;

        /// <summary>Cancelled (on a pool thread) when the lease is lost.</summary>
        public CancellationToken LostToken => _lost.Token;

        /// <summary>Deletes the node (retried across a brief disconnect, else finished in the background).</summary>
        public async Task ReleaseAsync()
        {
            if (Interlocked.CompareExchange(ref _state, Released, Held) != Held)
            {
                return;
            }
            _monitor.Changed -= _onConnectionChange;
            await NodeReaper.DeleteNowOrLaterAsync(_monitor, NodePath).ConfigureAwait(false);
        }

        /// <inheritdoc/>
        public ValueTask DisposeAsync() => new ValueTask(ReleaseAsync());

        /// <summary>Releases, waiting a bounded time; on the client's event thread it only starts the release.</summary>
        public void Dispose()
        {
            if (EventThread.IsCurrent)
            {
                _ = ReleaseAsync();
                return;
            }
            try
            {
                Task.Run(ReleaseAsync).Wait(SyncReleaseWait);
            }
            catch (AggregateException)
            {
                // ReleaseAsync does not throw; a failed release is retried in the background.
            }
        }

        /// <inheritdoc/>
        public override string ToString() => $"Lease({NodePath}, token {FencingToken}, {(IsHeld ? "held" : IsLost ? "lost" : "released")})";

        private void OnConnectionChanged(RecipeConnectionState state)
        {
            // On the event thread: only signal or start work elsewhere.
            if (state == RecipeConnectionState.Lost)
            {
                MarkLost();
            }
            else if (state == RecipeConnectionState.Reconnected)
            {
                ThreadPool.QueueUserWorkItem(_ => _ = VerifyAsync());
            }
        }

        /// <summary>After a reconnect: the node may have been deleted while we were away.</summary>
        private async Task VerifyAsync()
        {
            try
            {
                if (IsHeld && await _monitor.Client.ExistsAsync(NodePath).ConfigureAwait(false) == null)
                {
                    MarkLost();
                }
            }
            catch (Exception ex) when (Retrying.IsSessionOver(ex))
            {
                MarkLost();
            }
            catch (Exception)
            {
                // Disconnected again: the next reconnect verifies again.
            }
        }

        private void MarkLost()
        {
            if (Interlocked.CompareExchange(ref _state, Lost, Held) != Held)
            {
                return;
            }
            _monitor.Changed -= _onConnectionChange;
            ThreadPool.QueueUserWorkItem(_ => _lost.Cancel());
        }

        private const int Held = 0;
        private const int Released = 1;
        private const int Lost = 2;
    }
}
