using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Recipes.Caching
{
    /// <summary>
    /// How a cache learns what changed: one persistent-recursive watch on the root
    /// (<see cref="PersistentCacheWatch"/>, ZooKeeper 3.6+), or one-shot data and child watches
    /// re-armed on every node by every read (<see cref="OneShotCacheWatch"/>, on older servers or
    /// when asked). Watch callbacks only queue; the cache's loop hands the events here in order.
    /// </summary>
    internal abstract class CacheWatch
    {
        protected CacheWatch(ConnectionMonitor monitor, CacheTree tree, CacheReader reader, Action<WatchedEvent> watcher)
        {
            Monitor = monitor;
            Tree = tree;
            Reader = reader;
            Watcher = watcher;
        }

        public abstract bool IsOneShot { get; }

        protected ConnectionMonitor Monitor { get; }

        protected CacheTree Tree { get; }

        protected CacheReader Reader { get; }

        protected Action<WatchedEvent> Watcher { get; }

        /// <summary>Arms a persistent-recursive watch on the root unless asked not to or the server is older than 3.6; else one-shots.</summary>
        public static async Task<CacheWatch> ArmAsync(ConnectionMonitor monitor, CacheTree tree, CacheReader reader, Action<WatchedEvent> watcher,
            bool oneShot, CancellationToken cancellationToken)
        {
            if (!oneShot)
            {
                try
                {
                    await Retrying.RunAsync(monitor, tree.Root, () => monitor.Client.AddWatchAsync(tree.Root, watcher, AddWatchMode.PersistentRecursive),
                        cancellationToken).ConfigureAwait(false);
                    return new PersistentCacheWatch(monitor, tree, reader, watcher);
                }
                catch (UnimplementedException)
                {
                    // A server before 3.6: fall back to one-shot watches.
                }
            }
            return new OneShotCacheWatch(monitor, tree, reader, watcher);
        }

        /// <summary>Applies a batch of events, in the order they came, to the copy.</summary>
        public abstract Task ApplyAsync(List<WatchedEvent> events, List<CacheChangedEventArgs> changes);

        /// <summary>Removes the watches; the session is still alive.</summary>
        public abstract Task DisarmAsync();

        protected async Task RemoveAsync(string path, bool local)
        {
            try
            {
                await Monitor.Client.RemoveWatchesAsync(path, WatcherType.Any, Watcher, local).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Not armed (already fired), or the connection is down: nothing more to do.
            }
        }
    }
}
