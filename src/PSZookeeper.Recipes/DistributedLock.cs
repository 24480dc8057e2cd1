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
    /// A fair (FIFO) inter-process lock on a znode directory. Each acquisition queues a protected
    /// ephemeral-sequential node and watches only its predecessor, so a release wakes exactly one
    /// waiter. Not reentrant: every acquisition queues anew. Thread-safe; one instance may serve
    /// many concurrent acquisitions.
    /// </summary>
    public sealed class DistributedLock
    {
        internal const string ExclusivePrefix = "lock-";
        internal const string ReadPrefix = "read-";
        internal const string WritePrefix = "write-";

        private readonly ConnectionMonitor _monitor;
        private readonly string _prefix;
        private readonly BlockerRule _rule;
        private readonly byte[]? _data;
        private readonly WakeCounter _wakes = new WakeCounter();

        /// <summary>Creates an exclusive lock; nothing is sent until an acquisition.</summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The lock's directory (created, as a container, on first use).</param>
        /// <param name="contenderData">Data stored in each contender node (e.g. who holds it), or null.</param>
        public DistributedLock(ZooKeeperClient client, string path, byte[]? contenderData = null)
            : this(client, path, ExclusivePrefix, TurnWaiter.Predecessor, contenderData)
        {
        }

        internal DistributedLock(ZooKeeperClient client, string path, string prefix, BlockerRule rule, byte[]? contenderData)
        {
            ZNodePath.Validate(path);
            _monitor = ConnectionMonitor.For(client);
            Path = path;
            _prefix = prefix;
            _rule = rule;
            _data = contenderData;
        }

        /// <summary>The lock's directory.</summary>
        public string Path { get; }

        /// <summary>
        /// Watch notifications this instance's waiters have received. Herd-free waiting makes it
        /// about one per turn handed over, however many contenders queue.
        /// </summary>
        public long WakeUps => _wakes.Count;

        /// <summary>Waits as long as it takes.</summary>
        /// <exception cref="SessionLostException">The session ended.</exception>
        /// <exception cref="OperationCanceledException">Cancelled; the queued node is removed.</exception>
        public async Task<Lease> AcquireAsync(CancellationToken cancellationToken = default) =>
            await AcquireCoreAsync(Deadline.None, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("An unbounded wait cannot time out.");

        /// <summary>Waits at most <paramref name="timeout"/>.</summary>
        /// <exception cref="RecipeTimeoutException">The timeout passed; the queued node is removed.</exception>
        /// <exception cref="SessionLostException">The session ended.</exception>
        /// <exception cref="OperationCanceledException">Cancelled; the queued node is removed.</exception>
        public async Task<Lease> AcquireAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
            await AcquireCoreAsync(Deadline.After(timeout), cancellationToken).ConfigureAwait(false)
            ?? throw new RecipeTimeoutException(Path, timeout);

        /// <summary>Waits at most <paramref name="timeout"/>; null when it passed (the queued node is removed).</summary>
        /// <exception cref="SessionLostException">The session ended.</exception>
        /// <exception cref="OperationCanceledException">Cancelled; the queued node is removed.</exception>
        public Task<Lease?> TryAcquireAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
            AcquireCoreAsync(Deadline.After(timeout), cancellationToken);

        /// <summary>The queued node names, first (the holder) first.</summary>
        public Task<IReadOnlyList<string>> GetContendersAsync(CancellationToken cancellationToken = default) =>
            Contender.ListAsync(_monitor, Path, IsLockNode, cancellationToken);

        /// <summary>Exclusive locks and both sides of a read/write lock share one queue per directory.</summary>
        internal static bool IsLockNode(string prefix) => prefix == ExclusivePrefix || prefix == ReadPrefix || prefix == WritePrefix;

        private Task<Lease?> AcquireCoreAsync(Deadline deadline, CancellationToken cancellationToken) =>
            Contender.AcquireAsync(_monitor, Path, _prefix, _data, IsLockNode, _rule, deadline, cancellationToken, _wakes);
    }
}
