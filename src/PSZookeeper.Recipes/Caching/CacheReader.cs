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
    /// The reads a cache makes, with the recipes' retries: a node, a node's children, and a whole
    /// subtree (within the depth) with pipelined reads a level at a time. With a
    /// <see cref="OneShotWatcher"/>, every read also re-arms a one-shot watch.
    /// </summary>
    internal sealed class CacheReader
    {
        private const int MaxRootRaces = 3;
        private readonly ConnectionMonitor _monitor;
        private readonly CacheTree _tree;
        private readonly bool _keepData;
        private readonly CancellationToken _stop;

        public CacheReader(ConnectionMonitor monitor, CacheTree tree, bool keepData, CancellationToken stop)
        {
            _monitor = monitor;
            _tree = tree;
            _keepData = keepData;
            _stop = stop;
        }

        /// <summary>The watcher each read arms, in one-shot mode; null when a persistent watch reports changes.</summary>
        public Action<WatchedEvent>? OneShotWatcher { get; set; }

        public Task<NodeData> DataAsync(string path) =>
            Retrying.RunAsync(_monitor, path, () => _monitor.Client.GetDataAsync(path, OneShotWatcher), _stop);

        public Task<IReadOnlyList<string>> ChildrenAsync(string path) =>
            Retrying.RunAsync(_monitor, path, () => _monitor.Client.GetChildrenAsync(path, OneShotWatcher), _stop);

        public CachedNode Make(string path, NodeData data) => new CachedNode(path, _keepData ? data.Data : null, data.Stat);

        /// <summary>Re-reads the subtree at <paramref name="start"/> and makes the copy match it.</summary>
        public async Task RefreshAsync(string start, List<CacheChangedEventArgs> changes) =>
            _tree.Reconcile(start, await SubtreeAsync(start).ConfigureAwait(false), changes);

        private async Task<Dictionary<string, CachedNode>> SubtreeAsync(string start)
        {
            for (int race = 1; ; race++)
            {
                var (result, startMissing) = await ReadLevelsAsync(start).ConfigureAwait(false);
                if (!startMissing || OneShotWatcher == null || start != _tree.Root || race >= MaxRootRaces)
                {
                    return result;
                }
                // One-shot mode: a missing root needs an exists watch to learn of its creation.
                Stat? stat = await Retrying.RunAsync(_monitor, start, () => _monitor.Client.ExistsAsync(start, OneShotWatcher), _stop).ConfigureAwait(false);
                if (stat == null)
                {
                    return result;
                }
            }
        }

        private async Task<(Dictionary<string, CachedNode> Nodes, bool StartMissing)> ReadLevelsAsync(string start)
        {
            var result = new Dictionary<string, CachedNode>(StringComparer.Ordinal);
            var level = new List<string> { start };
            bool startMissing = false;
            while (level.Count > 0)
            {
                var reads = new List<(string Path, Task<NodeData> Data, Task<IReadOnlyList<string>>? Children)>(level.Count);
                foreach (string path in level)
                {
                    Task<IReadOnlyList<string>>? children = _tree.DepthOf(path) < _tree.MaxDepth ? ChildrenAsync(path) : null;
                    reads.Add((path, DataAsync(path), children));
                }
                var next = new List<string>();
                try
                {
                    foreach (var read in reads)
                    {
                        NodeData data;
                        IReadOnlyList<string> children;
                        try
                        {
                            data = await read.Data.ConfigureAwait(false);
                            children = read.Children == null ? Array.Empty<string>() : await read.Children.ConfigureAwait(false);
                        }
                        catch (NoNodeException)
                        {
                            // Deleted between listing and reading: its own event (or the next re-read) covers it.
                            Waits.Observe(read.Children);
                            startMissing |= read.Path == start;
                            continue;
                        }
                        result[read.Path] = Make(read.Path, data);
                        foreach (string child in children)
                        {
                            next.Add(ZNodePath.Join(read.Path, child));
                        }
                    }
                }
                catch
                {
                    foreach (var read in reads)
                    {
                        Waits.Observe(read.Data);
                        Waits.Observe(read.Children);
                    }
                    throw;
                }
                level = next;
            }
            return (result, startMissing);
        }
    }
}
