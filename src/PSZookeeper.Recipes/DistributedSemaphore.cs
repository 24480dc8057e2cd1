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
    public sealed class DistributedSemaphore : LeaseSource
    {
        private const string LeasePrefix = "lease-";
        private readonly string _gateDir;
        private readonly string _leaseDir;
        private readonly byte[]? _data;
        private readonly BlockerRule _freeSlot;

        /// <summary>Creates the semaphore; nothing is sent until an acquisition.</summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The semaphore's directory.</param>
        /// <param name="maxLeases">How many leases may be held at once (at least 1).</param>
        /// <param name="leaseData">Data stored in each lease node, or null.</param>
        public DistributedSemaphore(ZooKeeperClient client, string path, int maxLeases, byte[]? leaseData = null)
            : base(client, path)
        {
            if (maxLeases < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxLeases), maxLeases, "A semaphore needs at least one lease.");
            }
            MaxLeases = maxLeases;
            _gateDir = ZNodePath.Join(path, "locks");
            _leaseDir = ZNodePath.Join(path, "leases");
            _data = leaseData;
            _freeSlot = (ordered, index) => index < MaxLeases ? Blocker.None : Blocker.AnyContender;
        }

        /// <summary>How many leases may be held at once.</summary>
        public int MaxLeases { get; }

        /// <summary>The lease node names, oldest first.</summary>
        public Task<IReadOnlyList<string>> GetLeaseNodesAsync(CancellationToken cancellationToken = default) =>
            Contender.ListAsync(Monitor, _leaseDir, IsLease, cancellationToken);

        private static bool IsLease(string prefix) => prefix == LeasePrefix;

        private protected override async Task<Lease?> AcquireCoreAsync(Deadline deadline, CancellationToken cancellationToken)
        {
            Lease? gate = await Contender.AcquireAsync(Monitor, _gateDir, DistributedLock.ExclusivePrefix, null,
                DistributedLock.IsLockNode, TurnWaiter.Predecessor, deadline, cancellationToken, Wakes).ConfigureAwait(false);
            if (gate == null)
            {
                return null;
            }
            try
            {
                // In the gate: queue a lease and wait until fewer than MaxLeases precede it.
                return await Contender.AcquireAsync(Monitor, _leaseDir, LeasePrefix, _data, IsLease, _freeSlot,
                    deadline, cancellationToken, Wakes).ConfigureAwait(false);
            }
            finally
            {
                await gate.ReleaseAsync().ConfigureAwait(false);
            }
        }
    }
}
