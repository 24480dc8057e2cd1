using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Framework;

namespace PSZookeeper.Recipes
{
    /// <summary>
    /// What hands out leases through the contender queue (a lock, a semaphore): the three ways to
    /// wait for one. A wait that ends without a lease (timeout, cancellation) leaves nothing queued.
    /// </summary>
    public abstract class LeaseSource
    {
        private protected LeaseSource(ZooKeeperClient client, string path)
        {
            ZNodePath.Validate(path);
            Monitor = ConnectionMonitor.For(client);
            Path = path;
        }

        /// <summary>The recipe's directory.</summary>
        public string Path { get; }

        /// <summary>
        /// Watch notifications this instance's waiters have received. Herd-free waiting makes it
        /// about one per turn handed over, however many contenders queue.
        /// </summary>
        public long WakeUps => Wakes.Count;

        private protected ConnectionMonitor Monitor { get; }

        private protected WakeCounter Wakes { get; } = new WakeCounter();

        /// <summary>Waits as long as it takes.</summary>
        /// <exception cref="SessionLostException">The session ended.</exception>
        /// <exception cref="OperationCanceledException">Cancelled; nothing is left queued.</exception>
        public async Task<Lease> AcquireAsync(CancellationToken cancellationToken = default) =>
            await AcquireCoreAsync(Deadline.None, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("An unbounded wait cannot time out.");

        /// <summary>Waits at most <paramref name="timeout"/>.</summary>
        /// <exception cref="RecipeTimeoutException">The timeout passed; nothing is left queued.</exception>
        /// <exception cref="SessionLostException">The session ended.</exception>
        /// <exception cref="OperationCanceledException">Cancelled; nothing is left queued.</exception>
        public async Task<Lease> AcquireAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
            await AcquireCoreAsync(Deadline.After(timeout), cancellationToken).ConfigureAwait(false)
            ?? throw new RecipeTimeoutException(Path, timeout);

        /// <summary>Waits at most <paramref name="timeout"/>; null when it passed (nothing is left queued).</summary>
        /// <exception cref="SessionLostException">The session ended.</exception>
        /// <exception cref="OperationCanceledException">Cancelled; nothing is left queued.</exception>
        public Task<Lease?> TryAcquireAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
            AcquireCoreAsync(Deadline.After(timeout), cancellationToken);

        private protected abstract Task<Lease?> AcquireCoreAsync(Deadline deadline, CancellationToken cancellationToken);
    }
}
