using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;
using PSZookeeper.Recipes.Internal;

namespace PSZookeeper.Recipes
{
    /// <summary>
    /// An item taken from a <see cref="DistributedQueue"/>: claimed by this session (an ephemeral
    /// "claim" child), not yet removed. <see cref="CompleteAsync"/> removes it, atomically with any
    /// writes of the consumer's own; disposing without completing puts it back. If the consumer dies,
    /// its session takes the claim along and the item is taken again by someone else: it is
    /// consumed exactly once.
    /// </summary>
    public sealed class QueueItem : IAsyncDisposable, IDisposable
    {
        private readonly ConnectionMonitor _monitor;
        private readonly string _claimPath;
        private int _state; // Claimed, Completed, Released

        internal QueueItem(ConnectionMonitor monitor, string path, string claimPath, byte[]? data, Stat stat)
        {
            _monitor = monitor;
            Path = path;
            _claimPath = claimPath;
            Data = data;
            Stat = stat;
        }

        /// <summary>The item's node.</summary>
        public string Path { get; }

        /// <summary>The item's node name.</summary>
        public string Name => Path.Substring(Path.LastIndexOf('/') + 1);

        /// <summary>The item's data.</summary>
        public byte[]? Data { get; }

        /// <summary>The item node's Stat (Czxid orders items by when they were put).</summary>
        public Stat Stat { get; }

        /// <summary>True once completed.</summary>
        public bool IsCompleted => Volatile.Read(ref _state) == Completed;

        /// <summary>
        /// Removes the item from the queue, in one transaction with <paramref name="alsoApply"/> (e.g.
        /// the consumer's result), so the result is written if and only if the item is consumed.
        /// </summary>
        /// <param name="alsoApply">Further write ops, or null.</param>
        /// <param name="cancellationToken">Cancels waiting for a reconnect (the outcome is then unknown).</param>
        /// <exception cref="SessionLostException">The session ended: the claim is gone and the item will be taken again.</exception>
        /// <exception cref="RecipeNodeRemovedException">The claim was deleted by someone else.</exception>
        /// <exception cref="ZooKeeperException">One of <paramref name="alsoApply"/> failed; nothing was applied and the claim is kept.</exception>
        public async Task CompleteAsync(IEnumerable<Op>? alsoApply = null, CancellationToken cancellationToken = default)
        {
            if (Volatile.Read(ref _state) != Claimed)
            {
                throw new RecipeStateException("The item was already completed or released.", Path);
            }
            var ops = new List<Op> { Op.Delete(_claimPath, -1), Op.Delete(Path, -1) };
            if (alsoApply != null)
            {
                ops.AddRange(alsoApply);
            }
            bool maybeApplied = false;
            await Retrying.RunAsync(_monitor, Path, async () =>
            {
                // Only our claim lets anyone remove the item, so after a lost reply "gone" means "done".
                if (maybeApplied && await _monitor.Client.ExistsAsync(Path).ConfigureAwait(false) == null)
                {
                    return;
                }
                try
                {
                    await _monitor.Client.MultiAsync(ops).ConfigureAwait(false);
                }
                catch (ZooKeeperException ex) when (ex.IsTransient)
                {
                    maybeApplied = true;
                    throw;
                }
                catch (NoNodeException ex) when (ex.FailedOpIndex == 0)
                {
                    throw _monitor.IsLost ? (Exception)_monitor.LostError(Path, ex) : new RecipeNodeRemovedException(_claimPath);
                }
            }, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _state, Completed);
        }

        /// <summary>Gives the item back to the queue (deletes the claim); nothing when completed.</summary>
        public async Task ReleaseAsync()
        {
            if (Interlocked.CompareExchange(ref _state, Released, Claimed) == Claimed)
            {
                await NodeReaper.DeleteNowOrLaterAsync(_monitor, _claimPath).ConfigureAwait(false);
            }
        }

        /// <inheritdoc/>
        public ValueTask DisposeAsync() => new ValueTask(ReleaseAsync());

        /// <summary>Releases, waiting a bounded time; on the client's event thread it only starts.</summary>
        public void Dispose() => SyncDisposal.Run(ReleaseAsync);

        /// <inheritdoc/>
        public override string ToString() => Path;

        private const int Claimed = 0;
        private const int Completed = 1;
        private const int Released = 2;
    }
}
