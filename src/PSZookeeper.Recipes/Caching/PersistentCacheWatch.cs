using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Recipes.Caching
{
    /// <summary>
    /// One persistent-recursive watch on the root reports every create, delete and data change
    /// below it. Reads arm no watches. A persistent watch does not replay what happened while
    /// disconnected; the cache's full re-read after each reconnect covers that.
    /// </summary>
    internal sealed class PersistentCacheWatch : CacheWatch
    {
        public PersistentCacheWatch(ConnectionMonitor monitor, CacheTree tree, CacheReader reader, Action<WatchedEvent> watcher)
            : base(monitor, tree, reader, watcher)
        {
        }

        public override bool IsOneShot => false;

        /// <summary>
        /// Created and changed nodes are read (all reads sent before any is awaited), deleted ones
        /// dropped; applied in event order, as the replies come back in order.
        /// </summary>
        public override async Task ApplyAsync(List<WatchedEvent> events, List<CacheChangedEventArgs> changes)
        {
            var reads = new List<(WatchedEvent Event, Task<NodeData>? Read)>(events.Count);
            foreach (WatchedEvent e in events)
            {
                if (!Tree.InScope(e.Path!))
                {
                    continue;
                }
                bool read = e.Type == EventType.NodeCreated || e.Type == EventType.NodeDataChanged;
                reads.Add((e, read ? Reader.DataAsync(e.Path!) : null));
            }
            try
            {
                foreach (var item in reads)
                {
                    string path = item.Event.Path!;
                    if (item.Read == null)
                    {
                        if (item.Event.Type == EventType.NodeDeleted)
                        {
                            Tree.Forget(path, changes);
                        }
                        continue;
                    }
                    try
                    {
                        Tree.Store(Reader.Make(path, await item.Read.ConfigureAwait(false)), changes);
                    }
                    catch (NoNodeException)
                    {
                        Tree.Forget(path, changes);
                    }
                }
            }
            catch
            {
                foreach (var item in reads)
                {
                    Waits.Observe(item.Read);
                }
                throw;
            }
        }

        public override Task DisarmAsync() => RemoveAsync(Tree.Root, local: false);
    }
}
