using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>Which lock Enter-ZKLock and Use-ZKLock take at a path.</summary>
    public enum ZKLockMode
    {
        /// <summary>One holder at a time (the DistributedLock recipe).</summary>
        Exclusive,

        /// <summary>The read side of a read/write lock: shared with other readers, excludes writers.</summary>
        Read,

        /// <summary>The write side of a read/write lock: excludes readers and other writers.</summary>
        Write,
    }

    /// <summary>What the lock and semaphore cmdlets share: taking a lease with a timeout, and their errors.</summary>
    internal static class Leases
    {
        /// <summary>Takes a lease waiting at most the timeout; the task's result is null when it passed.</summary>
        public delegate Task<Lease?> Acquirer(TimeSpan timeout, CancellationToken cancellationToken);

        public static Acquirer Lock(ZooKeeperClient client, string path, ZKLockMode mode)
        {
            switch (mode)
            {
                case ZKLockMode.Read:
                    return new DistributedReadWriteLock(client, path).ReadLock.TryAcquireAsync;
                case ZKLockMode.Write:
                    return new DistributedReadWriteLock(client, path).WriteLock.TryAcquireAsync;
                default:
                    return new DistributedLock(client, path).TryAcquireAsync;
            }
        }

        public static Acquirer Semaphore(ZooKeeperClient client, string path, int limit) =>
            new DistributedSemaphore(client, path, limit).TryAcquireAsync;

        /// <summary>Seconds as the cmdlets take them (-1: no limit) as a recipe timeout.</summary>
        public static TimeSpan TimeoutOf(double seconds) =>
            seconds < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);

        public static ErrorRecord TimedOut(string errorId, string what, string path, double seconds) =>
            new ErrorRecord(new TimeoutException($"Could not take the {what} {path} within {seconds} s."),
                errorId, ErrorCategory.OperationTimeout, path);

        public static ErrorRecord Lost(Lease lease, string what) =>
            new ErrorRecord(
                new InvalidOperationException($"The {what} lease {lease.NodePath} was lost while the script block ran (the session ended, or the lease node was deleted while disconnected); the script block was stopped."),
                "LeaseLost", ErrorCategory.OperationStopped, lease);
    }
}
