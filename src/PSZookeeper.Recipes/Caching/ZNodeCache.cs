using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Framework;
using PSZookeeper.Recipes.Caching;

namespace PSZookeeper.Recipes.Caching
{
    /// <summary>
    /// What the node, children and tree caches share: start (initial load), events, connection
    /// handling, disposal. Events are raised in order on the cache's own loop (a pool thread, never
    /// the client's event thread); a slow handler delays later updates, not the connection.
    /// </summary>
    public abstract class ZNodeCache : IAsyncDisposable, IDisposable, ICacheSink
    {
        private int _stopped;

        private protected ZNodeCache(ZooKeeperClient client, string path, int maxDepth, bool keepData, bool oneShot)
        {
            Path = path;
            Engine = new CacheEngine(ConnectionMonitor.For(client), path, maxDepth, keepData, oneShot, this);
        }

        /// <summary>Raised once, after the initial load (whose nodes were reported as Added before it).</summary>
        public event EventHandler? Initialized;

        /// <summary>Raised for every node added, updated or removed.</summary>
        public event EventHandler<CacheChangedEventArgs>? Changed;

        /// <summary>
        /// Raised when the connection is suspended (the copy may be stale), comes back (the copy is
        /// re-read and the differences reported) or the session is lost (the copy stops updating).
        /// </summary>
        public event EventHandler<ConnectionStateEventArgs>? ConnectionStateChanged;

        /// <summary>Raised with every change of one update round together (e.g. a reconnect's re-read).</summary>
        internal event Action<IReadOnlyList<CacheChangedEventArgs>>? ChangesApplied;

        /// <summary>The cached root.</summary>
        public string Path { get; }

        /// <summary>True once the initial load finished.</summary>
        public bool IsInitialized => Engine.IsInitialized;

        /// <summary>True when the cache runs on re-armed one-shot watches rather than a persistent-recursive one.</summary>
        public bool UsesOneShotWatches => Engine.UsesOneShotWatches;

        private protected CacheEngine Engine { get; }

        /// <summary>Arms the watch and loads the data; returns once loaded.</summary>
        /// <exception cref="SessionLostException">The session ended.</exception>
        public Task StartAsync(CancellationToken cancellationToken = default) => Engine.StartAsync(cancellationToken);

        /// <summary>Stops updating and removes the watch.</summary>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 0)
            {
                await Engine.StopAsync().ConfigureAwait(false);
            }
        }

        /// <summary>Stops, waiting a bounded time; on the client's event thread it only starts stopping.</summary>
        public void Dispose() => SyncDisposal.Run(() => DisposeAsync().AsTask());

        void ICacheSink.OnChanges(IReadOnlyList<CacheChangedEventArgs> changes)
        {
            foreach (CacheChangedEventArgs change in changes)
            {
                if (Reports(change.Path))
                {
                    Changed?.Invoke(this, change);
                }
            }
            ChangesApplied?.Invoke(changes);
        }

        void ICacheSink.OnInitialized() => Initialized?.Invoke(this, EventArgs.Empty);

        void ICacheSink.OnConnectionChanged(ConnectionState state) =>
            ConnectionStateChanged?.Invoke(this, new ConnectionStateEventArgs(state));

        /// <summary>Which cached paths this kind of cache reports.</summary>
        private protected virtual bool Reports(string path) => true;
    }
}
