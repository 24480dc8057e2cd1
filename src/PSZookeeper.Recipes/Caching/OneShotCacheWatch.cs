using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Recipes.Caching
{
    /// <summary>
    /// One-shot data and child watches on every cached node, re-armed by every read. Events are
    /// hints, not facts: after a reconnect the server replays what changed while the client was
    /// away, possibly about a node since re-created, so a created or deleted node's subtree is
    /// re-read, not assumed.
    /// </summary>
    internal sealed class OneShotCacheWatch : CacheWatch
    {
        public OneShotCacheWatch(ConnectionMonitor monitor, CacheTree tree, CacheReader reader, Action<WatchedEvent> watcher)
            : base(monitor, tree, reader, watcher)
        {
            reader.OneShotWatcher = watcher;
        }

        public override bool IsOneShot => true;

        public override async Task ApplyAsync(List<WatchedEvent> events, List<CacheChangedEventArgs> changes)
        {
            foreach (WatchedEvent e in events)
            {
                string path = e.Path!;
                if (!Tree.InScope(path))
                {
                    continue;
                }
                switch (e.Type)
                {
                    case EventType.NodeDataChanged:
                        try
                        {
                            Tree.Store(Reader.Make(path, await Reader.DataAsync(path).ConfigureAwait(false)), changes);
                        }
                        catch (NoNodeException)
                        {
                            await Reader.RefreshAsync(path, changes).ConfigureAwait(false);
                        }
                        break;
                    case EventType.NodeCreated:
                    case EventType.NodeDeleted:
                        await Reader.RefreshAsync(path, changes).ConfigureAwait(false);
                        break;
                    case EventType.NodeChildrenChanged:
                        await ChildrenChangedAsync(path, changes).ConfigureAwait(false);
                        break;
                }
            }
        }

        /// <summary>One-shot watches fire at most once more; dropping them locally is enough.</summary>
        public override async Task DisarmAsync()
        {
            await RemoveAsync(Tree.Root, local: true).ConfigureAwait(false);
            foreach (string path in Tree.Snapshot().Keys)
            {
                await RemoveAsync(path, local: true).ConfigureAwait(false);
            }
        }

        private async Task ChildrenChangedAsync(string path, List<CacheChangedEventArgs> changes)
        {
            if (Tree.DepthOf(path) >= Tree.MaxDepth)
            {
                return;
            }
            IReadOnlyList<string> names;
            try
            {
                names = await Reader.ChildrenAsync(path).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                await Reader.RefreshAsync(path, changes).ConfigureAwait(false);
                return;
            }
            var now = new HashSet<string>(StringComparer.Ordinal);
            foreach (string name in names)
            {
                now.Add(ZNodePath.Join(path, name));
            }
            foreach (CachedNode child in Tree.ChildrenOf(path))
            {
                if (!now.Remove(child.Path))
                {
                    await Reader.RefreshAsync(child.Path, changes).ConfigureAwait(false);
                }
            }
            foreach (string added in now)
            {
                await Reader.RefreshAsync(added, changes).ConfigureAwait(false);
            }
        }
    }
}
