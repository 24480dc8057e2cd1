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
    /// A distributed FIFO queue. Items are protected persistent-sequential nodes (so a put whose
    /// reply is lost is not put twice). Taking claims the oldest unclaimed item with an ephemeral
    /// "claim" child and hands it over as a <see cref="QueueItem"/>; completing removes item and claim
    /// in one transaction. A consumer that dies mid-take loses only its claim, and the item is
    /// taken again: every item is consumed exactly once.
    /// </summary>
    /// <remarks>
    /// Waiting consumers watch the queue's children, so a put wakes all of them (a queue's work is
    /// for any of them); each keeps its own ordered list of candidates, so a take costs a claim and a
    /// read, not a listing of the whole queue. Order is FIFO per consumer's view; an item given back
    /// by a dead consumer is taken before newer ones once the list is refreshed.
    /// </remarks>
    public sealed class DistributedQueue
    {
        private const string ItemPrefix = "item-";
        private const string ClaimName = "claim";
        private readonly ConnectionMonitor _monitor;
        private readonly object _gate = new object();
        private readonly Queue<string> _candidates = new Queue<string>();

        /// <summary>Creates the queue; nothing is sent until used.</summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The queue's directory (created if missing).</param>
        public DistributedQueue(ZooKeeperClient client, string path)
        {
            ZNodePath.Validate(path);
            _monitor = ConnectionMonitor.For(client);
            Path = path;
        }

        /// <summary>The queue's directory.</summary>
        public string Path { get; }

        /// <summary>Adds an item; returns its path.</summary>
        /// <param name="data">The item's data.</param>
        /// <param name="cancellationToken">Honoured until the item is sent; then the put is seen through.</param>
        /// <exception cref="SessionLostException">The session ended.</exception>
        public async Task<string> PutAsync(byte[]? data, CancellationToken cancellationToken = default)
        {
            var create = new ProtectedCreate(Path, ItemPrefix, data, CreateMode.PersistentSequential, null, CreateMode.Persistent);
            ProtectedNode node = await create.RunAsync(_monitor, Guid.NewGuid(), false, cancellationToken).ConfigureAwait(false);
            return node.Path;
        }

        /// <summary>
        /// Claims the oldest unclaimed item, waiting up to <paramref name="timeout"/> for one; null when
        /// none came. Complete the item to remove it, or dispose it to give it back.
        /// </summary>
        /// <exception cref="SessionLostException">The session ended.</exception>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public async Task<QueueItem?> TakeAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            Deadline deadline = Deadline.After(timeout);
            var watch = new WatchSignal();
            List<string>? tried = null;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (_, change) = _monitor.Snapshot();
                string? candidate;
                while ((candidate = NextCandidate()) != null)
                {
                    QueueItem? item = await TryClaimAsync(candidate, cancellationToken).ConfigureAwait(false);
                    if (item != null)
                    {
                        return item;
                    }
                    if (deadline.IsExpired)
                    {
                        return null;
                    }
                }
                if (deadline.IsExpired)
                {
                    return null;
                }
                List<string> names = await ListAsync(null, cancellationToken).ConfigureAwait(false);
                if (IsNew(names, tried))
                {
                    tried = Refill(names);
                    continue;
                }
                // Everything listed is claimed (or the queue is empty): watch, look once more, wait.
                Task fired = watch.Arm();
                names = await ListAsync(watch.Callback, cancellationToken).ConfigureAwait(false);
                bool oldestStillClaimed = names.Count == 0 || await WatchClaimAsync(watch, names[0], cancellationToken).ConfigureAwait(false);
                if (!oldestStillClaimed || IsNew(names, tried))
                {
                    tried = Refill(names);
                    continue;
                }
                if (!await WaitOrTimeOutAsync(watch, fired, change, deadline, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
                // Something changed: everything listed next time is worth a try again.
                tried = null;
            }
        }

        /// <summary>The data of the oldest unclaimed item, without taking it; null when there is none.</summary>
        public async Task<byte[]?> PeekAsync(CancellationToken cancellationToken = default)
        {
            foreach (string name in await ListAsync(null, cancellationToken).ConfigureAwait(false))
            {
                NodeData? node = await ZNodes.DataAsync(_monitor, ZNodePath.Join(Path, name), cancellationToken).ConfigureAwait(false);
                if (node != null && node.Stat.NumChildren == 0)
                {
                    return node.Data;
                }
            }
            return null;
        }

        /// <summary>The number of items (claimed ones included).</summary>
        public async Task<int> CountAsync(CancellationToken cancellationToken = default) =>
            (await ListAsync(null, cancellationToken).ConfigureAwait(false)).Count;

        private static bool IsItem(string prefix) => prefix == ItemPrefix;

        private string? NextCandidate()
        {
            lock (_gate)
            {
                return _candidates.Count > 0 ? _candidates.Dequeue() : null;
            }
        }

        private List<string> Refill(List<string> names)
        {
            lock (_gate)
            {
                _candidates.Clear();
                foreach (string name in names)
                {
                    _candidates.Enqueue(name);
                }
            }
            return names;
        }

        private async Task<List<string>> ListAsync(Action<WatchedEvent>? watcher, CancellationToken cancellationToken)
        {
            IReadOnlyList<string> children;
            try
            {
                children = await Retrying.RunAsync(_monitor, Path, () => _monitor.Client.GetChildrenAsync(Path, watcher), cancellationToken).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                await ZNodes.EnsureAsync(_monitor, Path, CreateMode.Persistent, cancellationToken).ConfigureAwait(false);
                children = await Retrying.RunAsync(_monitor, Path, () => _monitor.Client.GetChildrenAsync(Path, watcher), cancellationToken).ConfigureAwait(false);
            }
            var names = new List<string>();
            foreach (SequencedName name in SequencedName.Order(children, IsItem))
            {
                names.Add(name.Name);
            }
            return names;
        }

        /// <summary>Watches an item's claim; false when the claim is already gone (the item is free again).</summary>
        private async Task<bool> WatchClaimAsync(WatchSignal watch, string item, CancellationToken cancellationToken)
        {
            string claim = ZNodePath.Join(ZNodePath.Join(Path, item), ClaimName);
            try
            {
                await Retrying.RunAsync(_monitor, claim, () => _monitor.Client.GetDataAsync(claim, watch.Callback), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (NoNodeException)
            {
                return false;
            }
        }

        private static bool IsNew(List<string> names, List<string>? tried)
        {
            if (names.Count == 0)
            {
                return false;
            }
            if (tried == null || tried.Count != names.Count)
            {
                return true;
            }
            for (int i = 0; i < names.Count; i++)
            {
                if (names[i] != tried[i])
                {
                    return true;
                }
            }
            return false;
        }

        private async Task<bool> WaitOrTimeOutAsync(WatchSignal watch, Task fired, Task<ConnectionState> change, Deadline deadline, CancellationToken cancellationToken)
        {
            bool woke = false;
            try
            {
                woke = await _monitor.WaitForWatchAsync(fired, change, deadline, cancellationToken).ConfigureAwait(false);
                return woke;
            }
            finally
            {
                if (!woke)
                {
                    watch.Disarm(_monitor, Path, WatcherType.Children);
                }
            }
        }

        private async Task<QueueItem?> TryClaimAsync(string name, CancellationToken cancellationToken)
        {
            string path = ZNodePath.Join(Path, name);
            string claim = ZNodePath.Join(path, ClaimName);
            ClaimOutcome outcome = await ExclusiveEphemeral.ClaimAsync(_monitor, claim, null, cancellationToken).ConfigureAwait(false);
            if (outcome != ClaimOutcome.Ours)
            {
                return null;
            }
            NodeData? data;
            try
            {
                data = await ZNodes.DataAsync(_monitor, path, CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                await NodeReaper.DeleteNowOrLaterAsync(_monitor, claim).ConfigureAwait(false);
                throw;
            }
            // The item cannot go while our claim is its child; null only if someone deleted both.
            return data == null ? null : new QueueItem(_monitor, path, claim, data.Data, data.Stat);
        }
    }
}
