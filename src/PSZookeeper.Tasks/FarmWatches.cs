using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// The farm's one-shot watches on nodes that may never change (a task's cancellation mark is
    /// usually never created) would stay armed, here and on the server, for the session's life:
    /// one per task a worker ran or a submitter waited for. They are removed when no longer needed.
    /// </summary>
    internal static class FarmWatches
    {
        /// <summary>
        /// Removes <paramref name="watcher"/>'s data (or exists) watch on <paramref name="path"/>, not
        /// awaited: the reply matters to nobody, and it fails harmlessly when the watch has fired or
        /// the session is gone.
        /// </summary>
        public static void Forget(ZooKeeperClient client, string path, Action<WatchedEvent> watcher)
        {
            Task removal;
            try
            {
                removal = client.RemoveWatchesAsync(path, WatcherType.Data, watcher);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            removal.ContinueWith(done => _ = done.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }
}
