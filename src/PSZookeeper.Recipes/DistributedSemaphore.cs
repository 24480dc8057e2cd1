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
    /// An inter-process counting semaphore: at most <see cref="MaxLeases"/> leases at once.
    /// Acquirers pass one at a time through a fair lock ("locks" below the path); only the one
    /// in the gate watches the leases ("leases"), so a release wakes one process, not every
    /// waiter. Both are the contender queue locks and elections use. Every participant must use
    /// the same <see cref="MaxLeases"/>.
    /// </summary>
    public sealed class DistributedSemaphore
    {
        private const string LeasePrefix = "lease-";
        private readonly ConnectionMonitor _monitor;
        private readonly string _gateDir;
        private readonly string _leaseDir;
        private readonly byte[]? _data;
        private readonly WakeCounter _wakes = new WakeCounter();
        private readonly BlockerRule _freeSlot;

        /// <summary>Creates the semaphore; nothing is sent until an acquisition.</summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The semaphore's directory.</param>
        /// <param name="maxLeases">How many leases may be held at once (at least 1).</param>
        /// <param name="leaseData">Data stored in each lease node, or null.</param>
        public DistributedSemaphore(ZooKeeperClient client, string path, int maxLeases, byte[]? leaseData = null)
        {
            ZNodePath.Validate(path);
            if (maxLeases < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxLeases), maxLeases, "A semaphore needs at least one lease.");
            }
            _monitor = ConnectionMonitor.For(client);
            Path = path;
            MaxLeases = maxLeases;
            _gateDir = ZNodePath.Join(path, "locks");
            _leaseDir = ZNodePath.Join(path, "leases");
            _data = leaseData;
            _freeSlot = (ordered, index) => index < MaxLeases ? Blocker.None : Blocker.AnyContender;
        }

        /// <summary>The semaphore's directory.</summary>
        public string Path { get; }

        /// <summary>How many leases may be held at once.</summary>
        public int MaxLeases { get; }

        /// <summary>Watch notifications this instance's waiters received (gate and leases).</summary>
        public long WakeUps => _wakes.Count;

        /// <summary>Waits as long as it takes.</summary>
        /// <exception cref="SessionLostException">The session ended.</exception>
        /// <exception cref="OperationCanceledException">Cancelled; nothing is left queued.</exception>
        public async Task<Lease> AcquireAsync(CancellationToken cancellationToken = default) =>
            await AcquireCoreAsync(Deadline.None, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("An unbounded wait cannot time out.");

        /// <summary>Waits at most <paramref name="timeout"/>.</summary>
        /// <exception cref="RecipeTimeoutException">The timeout passed; nothing is left queued.</exception>
        /// <exception cref="SessionLostException">The session ended.</exception>
        public async Task<Lease> AcquireAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
            await AcquireCoreAsync(Deadline.After(timeout), cancellationToken).ConfigureAwait(false)
            ?? throw new RecipeTimeoutException(Path, timeout);

        /// <summary>Waits at most <paramref name="timeout"/>; null when it passed.</summary>
        public Task<Lease?> TryAcquireAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
            AcquireCoreAsync(Deadline.After(timeout), cancellationToken);

        /// <summary>The lease node names, oldest first.</summary>
        public Task<IReadOnlyList<string>> GetLeaseNodesAsync(CancellationToken cancellationToken = default) =>
            Contender.ListAsync(_monitor, _leaseDir, IsLease, cancellationToken);

        private static bool IsLease(string prefix) => prefix == LeasePrefix;

        private async Task<Lease?> AcquireCoreAsync(Deadline deadline, CancellationToken cancellationToken)
        {
            Lease? gate = await Contender.AcquireAsync(_monitor, _gateDir, DistributedLock.ExclusivePrefix, null,
                DistributedLock.IsLockNode, TurnWaiter.Predecessor, deadline, cancellationToken, _wakes).ConfigureAwait(false);
            if (gate == null)
            {
                return null;
            }
            try
            {
                // In the gate: queue a lease and wait until fewer than MaxLeases precede it.
                return await Contender.AcquireAsync(_monitor, _leaseDir, LeasePrefix, _data, IsLease, _freeSlot,
                    deadline, cancellationToken, _wakes).ConfigureAwait(false);
            }
            finally
            {
                await gate.ReleaseAsync().ConfigureAwait(false);
            }
        }
    }
}
