using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Recipes
{
    /// <summary>
    /// A barrier: while its node exists, <see cref="WaitAsync"/> blocks; removing the node lets every
    /// waiter through. Waiters watch the node; after a reconnect they look again, so a barrier set
    /// and removed while they were away is not missed as removed.
    /// </summary>
    public sealed class DistributedBarrier
    {
        private readonly ConnectionMonitor _monitor;

        /// <summary>Creates the barrier object; nothing is sent until used.</summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The barrier's node.</param>
        public DistributedBarrier(ZooKeeperClient client, string path)
        {
            ZNodePath.Validate(path);
            _monitor = ConnectionMonitor.For(client);
            Path = path;
        }

        /// <summary>The barrier's node.</summary>
        public string Path { get; }

        /// <summary>Raises the barrier (creates the node; fine if it exists).</summary>
        public Task SetAsync(CancellationToken cancellationToken = default) =>
            ZNodes.EnsureAsync(_monitor, Path, CreateMode.Persistent, cancellationToken);

        /// <summary>Lowers the barrier (deletes the node; fine if it is gone).</summary>
        public Task RemoveAsync(CancellationToken cancellationToken = default) =>
            ZNodes.DeleteAsync(_monitor, Path, -1, cancellationToken);

        /// <summary>True while the barrier is raised.</summary>
        public async Task<bool> IsSetAsync(CancellationToken cancellationToken = default) =>
            await Retrying.RunAsync(_monitor, Path, () => _monitor.Client.ExistsAsync(Path), cancellationToken).ConfigureAwait(false) != null;

        /// <summary>Waits until the barrier is removed; false when <paramref name="timeout"/> passed first.</summary>
        /// <exception cref="SessionLostException">The session ended.</exception>
        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            Deadline deadline = Deadline.After(timeout);
            var watch = new WatchSignal();
            while (true)
            {
                var (_, change) = _monitor.Snapshot();
                Task fired = watch.Arm();
                try
                {
                    // getData, not exists: a missing node must not leave a creation watch behind.
                    await Retrying.RunAsync(_monitor, Path, () => _monitor.Client.GetDataAsync(Path, watch.Callback), cancellationToken, deadline).ConfigureAwait(false);
                }
                catch (NoNodeException)
                {
                    return true;
                }
                bool woke = false;
                try
                {
                    woke = await _monitor.WaitForWatchAsync(fired, change, deadline, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (!woke)
                    {
                        watch.Disarm(_monitor, Path, WatcherType.Data);
                    }
                }
                if (!woke)
                {
                    return false;
                }
            }
        }
    }
}
