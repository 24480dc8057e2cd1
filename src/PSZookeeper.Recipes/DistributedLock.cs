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
    public sealed class DistributedLock : LeaseSource
    {
        internal const string ExclusivePrefix = "lock-";
        internal const string ReadPrefix = "read-";
        internal const string WritePrefix = "write-";

        private readonly string _prefix;
        private readonly BlockerRule _rule;
        private readonly byte[]? _data;

        /// <summary>Creates an exclusive lock; nothing is sent until an acquisition.</summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The lock's directory (created, as a container, on first use).</param>
        /// <param name="contenderData">Data stored in each contender node (e.g. who holds it), or null.</param>
        public DistributedLock(ZooKeeperClient client, string path, byte[]? contenderData = null)
            : this(client, path, ExclusivePrefix, TurnWaiter.Predecessor, contenderData)
        {
        }

        internal DistributedLock(ZooKeeperClient client, string path, string prefix, BlockerRule rule, byte[]? contenderData)
            : base(client, path)
        {
            _prefix = prefix;
            _rule = rule;
            _data = contenderData;
        }

        /// <summary>The queued node names, first (the holder) first.</summary>
        public Task<IReadOnlyList<string>> GetContendersAsync(CancellationToken cancellationToken = default) =>
            Contender.ListAsync(Monitor, Path, IsLockNode, cancellationToken);

        /// <summary>Exclusive locks and both sides of a read/write lock share one queue per directory.</summary>
        internal static bool IsLockNode(string prefix) => prefix == ExclusivePrefix || prefix == ReadPrefix || prefix == WritePrefix;

        private protected override Task<Lease?> AcquireCoreAsync(Deadline deadline, CancellationToken cancellationToken) =>
            Contender.AcquireAsync(Monitor, Path, _prefix, _data, IsLockNode, _rule, deadline, cancellationToken, Wakes);
    }
}
