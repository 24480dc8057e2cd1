using System;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using PSZookeeper.Client;

namespace PSZookeeper.Framework
{
    /// <summary>
    /// The one way an asynchronous release (a lease, an election, a claim, a cache) is also
    /// offered as <see cref="IDisposable.Dispose"/>: it waits a bounded time, and on a client's
    /// event thread only starts the release, where waiting would deadlock (the reply it waits for
    /// queues behind the running callback).
    /// </summary>
    public static class SyncDisposal
    {
        /// <summary>How long a synchronous Dispose waits for the release.</summary>
        public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

        /// <summary>Runs <paramref name="releaseAsync"/> and waits for it, a bounded time.</summary>
        /// <param name="releaseAsync">The asynchronous release.</param>
        /// <exception cref="Exception">The release's own failure, unwrapped.</exception>
        public static void Run(Func<Task> releaseAsync)
        {
            if (ZooKeeperClient.IsEventThread)
            {
                Task started = releaseAsync();
                Waits.Observe(started);
                return;
            }
            try
            {
                Task.Run(releaseAsync).Wait(Wait);
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
            {
                ExceptionDispatchInfo.Capture(ex.InnerException!).Throw();
            }
        }
    }
}
