using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Recipes.Internal;

namespace PSZookeeper.Recipes.Caching
{
    /// <summary>What a cache engine reports, always from its own loop (a pool thread), in order.</summary>
    internal interface ICacheSink
    {
        void OnChanges(IReadOnlyList<CacheChangedEventArgs> changes);

        void OnInitialized();

        void OnConnectionChanged(RecipeConnectionState state);
    }

    /// <summary>
    /// Keeps a local copy of a subtree (to a depth) current. One persistent-recursive watch reports
    /// every create, delete and data change below the root (ZooKeeper 3.6+); on older servers, or
    /// when asked, one-shot data and child watches are re-armed on every node instead.
    /// <para>
    /// Watch callbacks only queue; one loop applies the queue in order, reading what changed with
    /// pipelined reads whose replies come back in order, so applying in event order converges.
    /// A persistent watch does not replay what happened while disconnected, so every reconnect
    /// re-reads the whole subtree and diffs it against the copy, comparing creation zxids: a node
    /// deleted and re-created meanwhile is reported as removed and added, not missed.
    /// </para>
    /// </summary>
    internal sealed class CacheEngine
    {
        private const int MaxBatch = 1024;
        private const int MaxRootRaces = 3;
        private readonly ConnectionMonitor _monitor;
        private readonly string _root;
        private readonly string _rootPrefix;
        private readonly int _maxDepth;
        private readonly bool _keepData;
        private readonly ICacheSink _sink;
        private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Dictionary<string, CachedNode> _nodes = new Dictionary<string, CachedNode>(StringComparer.Ordinal);
        private readonly object _gate = new object();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly TaskCompletionSource<bool> _initialized = Waits.NewSignal();
        private readonly Action<WatchedEvent> _watcher;
        private readonly Action<RecipeConnectionState> _onState;
        private Task? _loop;
        private bool _oneShot;
        private bool _persistentArmed;

        public CacheEngine(ConnectionMonitor monitor, string root, int maxDepth, bool keepData, bool oneShot, ICacheSink sink)
        {
            ZNodePath.Validate(root);
            if (maxDepth < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxDepth), maxDepth, "The depth cannot be negative.");
            }
            _monitor = monitor;
            _root = root;
            _rootPrefix = root == ZNodePath.Root ? root : root + "/";
            _maxDepth = maxDepth;
            _keepData = keepData;
            _oneShot = oneShot;
            _sink = sink;
            _watcher = OnWatch;
            _onState = state => _work.Writer.TryWrite(Work.State(state));
        }

        public bool UsesOneShotWatches => _oneShot;

        public bool IsInitialized => _initialized.Task.Status == TaskStatus.RanToCompletion;

        public CachedNode? Get(string path)
        {
            lock (_gate)
            {
                return _nodes.TryGetValue(path, out CachedNode? node) ? node : null;
            }
        }

        /// <summary>The cached children of <paramref name="path"/>, by name.</summary>
        public List<CachedNode> ChildrenOf(string path)
        {
            string prefix = path == ZNodePath.Root ? path : path + "/";
            var children = new List<CachedNode>();
            lock (_gate)
            {
                foreach (var pair in _nodes)
                {
                    if (pair.Key.Length > prefix.Length && pair.Key.StartsWith(prefix, StringComparison.Ordinal) && pair.Key.IndexOf('/', prefix.Length) < 0)
                    {
                        children.Add(pair.Value);
                    }
                }
            }
            children.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            return children;
        }

        public Dictionary<string, CachedNode> Snapshot()
        {
            lock (_gate)
            {
                return new Dictionary<string, CachedNode>(_nodes, StringComparer.Ordinal);
            }
        }

        /// <summary>Arms the watch, loads the subtree, and returns once it is loaded.</summary>
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (_loop != null || _stop.IsCancellationRequested)
                {
                    throw new RecipeStateException("A cache can be started once.", _root);
                }
                _loop = Task.CompletedTask;
            }
            _monitor.Changed += _onState;
            if (!_oneShot)
            {
                try
                {
                    await Retrying.RunAsync(_monitor, _root, () => _monitor.Client.AddWatchAsync(_root, _watcher, AddWatchMode.PersistentRecursive), cancellationToken).ConfigureAwait(false);
                    _persistentArmed = true;
                }
                catch (UnimplementedException)
                {
                    // A server before 3.6: fall back to one-shot watches.
                    _oneShot = true;
                }
            }
            _work.Writer.TryWrite(Work.Resync);
            _loop = Task.Run(RunAsync);
            await Waits.AnyAsync(Deadline.None, cancellationToken, _initialized.Task).ConfigureAwait(false);
            await _initialized.Task.ConfigureAwait(false);
        }

        public async Task StopAsync()
        {
            _monitor.Changed -= _onState;
            _stop.Cancel();
            _work.Writer.TryComplete();
            Task? loop;
            lock (_gate)
            {
                loop = _loop;
            }
            if (loop != null)
            {
                await loop.ConfigureAwait(false);
            }
            _initialized.TrySetException(new ObjectDisposedException("cache", "The cache was stopped before it finished loading."));
            Waits.Observe(_initialized.Task);
            if (_monitor.IsLost)
            {
                return;
            }
            if (_persistentArmed)
            {
                await RemoveWatchAsync(_root, local: false).ConfigureAwait(false);
            }
            if (_oneShot)
            {
                // One-shot watches fire at most once more; dropping them locally is enough.
                await RemoveWatchAsync(_root, local: true).ConfigureAwait(false);
                foreach (string path in Snapshot().Keys)
                {
                    await RemoveWatchAsync(path, local: true).ConfigureAwait(false);
                }
            }
        }

        private async Task RemoveWatchAsync(string path, bool local)
        {
            try
            {
                await _monitor.Client.RemoveWatchesAsync(path, WatcherType.Any, _watcher, local).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Not armed (already fired), or the connection is down: nothing more to do.
            }
        }

        private void OnWatch(WatchedEvent e)
        {
            // On the client's event thread: only queue.
            if (e.Type != EventType.None && e.Path != null && e.Type != EventType.PersistentWatchRemoved &&
                e.Type != EventType.DataWatchRemoved && e.Type != EventType.ChildWatchRemoved)
            {
                _work.Writer.TryWrite(Work.Event(e));
            }
        }

        private async Task RunAsync()
        {
            ChannelReader<Work> reader = _work.Reader;
            bool resync = false;
            int failures = 0;
            try
            {
                while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
                {
                    var events = new List<WatchedEvent>();
                    bool lost = false;
                    while (events.Count < MaxBatch && reader.TryRead(out Work? work))
                    {
                        if (work.Kind == WorkKind.State)
                        {
                            _sink.OnConnectionChanged(work.NewState);
                            resync |= work.NewState == RecipeConnectionState.Reconnected;
                            lost |= work.NewState == RecipeConnectionState.Lost;
                        }
                        else if (work.Kind == WorkKind.Resync)
                        {
                            resync = true;
                        }
                        else
                        {
                            events.Add(work.Watched!);
                        }
                    }
                    if (lost)
                    {
                        _initialized.TrySetException(_monitor.LostError(_root));
                        Waits.Observe(_initialized.Task);
                        return;
                    }
                    if (resync && _monitor.State == RecipeConnectionState.Suspended)
                    {
                        // The re-read waits for the reconnect, which queues its own work item.
                        continue;
                    }
                    var changes = new List<CacheChangedEventArgs>();
                    try
                    {
                        if (resync)
                        {
                            // A full re-read subsumes the events queued with it.
                            await ResyncAsync(changes).ConfigureAwait(false);
                            resync = false;
                        }
                        else
                        {
                            await ApplyAsync(events, changes).ConfigureAwait(false);
                        }
                        failures = 0;
                    }
                    catch (SessionLostException ex)
                    {
                        Publish(changes);
                        _initialized.TrySetException(ex);
                        Waits.Observe(_initialized.Task);
                        return;
                    }
                    catch (Exception ex) when (ex is ZooKeeperException || ex is TimeoutException)
                    {
                        // Reads failed for longer than the retry limit: start over with a full re-read.
                        resync = true;
                        failures++;
                        Trace.TraceWarning("PSZookeeper.Recipes: cache {0} will re-read after: {1}", _root, ex.Message);
                        _ = RetryLaterAsync(failures);
                    }
                    Publish(changes);
                    if (!resync && !_initialized.Task.IsCompleted)
                    {
                        _sink.OnInitialized();
                        _initialized.TrySetResult(true);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Stopped.
            }
        }

        private async Task RetryLaterAsync(int failures)
        {
            try
            {
                await Waits.BackoffAsync(failures + 3, _stop.Token).ConfigureAwait(false);
                _work.Writer.TryWrite(Work.Resync);
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        private void Publish(List<CacheChangedEventArgs> changes)
        {
            if (changes.Count > 0)
            {
                _sink.OnChanges(changes);
            }
        }

        private int DepthOf(string path)
        {
            if (path == _root)
            {
                return 0;
            }
            if (!path.StartsWith(_rootPrefix, StringComparison.Ordinal))
            {
                return -1;
            }
            int depth = 1;
            for (int i = _rootPrefix.Length; i < path.Length; i++)
            {
                if (path[i] == '/')
                {
                    depth++;
                }
            }
            return depth;
        }

        private bool InScope(string path)
        {
            int depth = DepthOf(path);
            return depth >= 0 && depth <= _maxDepth;
        }

        private Action<WatchedEvent>? ReadWatcher => _oneShot ? _watcher : null;

        private Task ResyncAsync(List<CacheChangedEventArgs> changes) => RefreshAsync(_root, changes);

        /// <summary>
        /// Re-reads a subtree and makes the copy match it: removals first (deepest first), then
        /// additions and updates (parents first). A node whose creation zxid changed was deleted and
        /// re-created, and is reported so.
        /// </summary>
        private async Task RefreshAsync(string start, List<CacheChangedEventArgs> changes)
        {
            Dictionary<string, CachedNode> fresh = await ReadTreeAsync(start).ConfigureAwait(false);
            string prefix = start == ZNodePath.Root ? start : start + "/";
            var cached = new List<CachedNode>();
            foreach (CachedNode node in Snapshot().Values)
            {
                if (node.Path == start || node.Path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    cached.Add(node);
                }
            }
            cached.Sort((a, b) => DepthOf(b.Path).CompareTo(DepthOf(a.Path)));
            foreach (CachedNode old in cached)
            {
                if (!fresh.TryGetValue(old.Path, out CachedNode? now) || now.Stat.Czxid != old.Stat.Czxid)
                {
                    Forget(old.Path, changes);
                }
            }
            var incoming = new List<CachedNode>(fresh.Values);
            incoming.Sort((a, b) => DepthOf(a.Path).CompareTo(DepthOf(b.Path)));
            foreach (CachedNode node in incoming)
            {
                Store(node, changes);
            }
        }

        /// <summary>Reads a subtree (within the depth limit) with pipelined reads, a level at a time.</summary>
        private async Task<Dictionary<string, CachedNode>> ReadTreeAsync(string start)
        {
            for (int race = 1; ; race++)
            {
                var result = new Dictionary<string, CachedNode>(StringComparer.Ordinal);
                var level = new List<string> { start };
                bool startMissing = false;
                while (level.Count > 0)
                {
                    var reads = new List<(string Path, Task<NodeData> Data, Task<IReadOnlyList<string>>? Children)>(level.Count);
                    foreach (string path in level)
                    {
                        Task<IReadOnlyList<string>>? children = DepthOf(path) < _maxDepth ? ReadChildrenAsync(path) : null;
                        reads.Add((path, ReadDataAsync(path), children));
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
                                next.Add(ZkNodes.Join(read.Path, child));
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
                if (!startMissing || !_oneShot || start != _root || race >= MaxRootRaces)
                {
                    return result;
                }
                // One-shot mode: a missing root needs an exists watch to learn of its creation.
                Stat? stat = await Retrying.RunAsync(_monitor, _root, () => _monitor.Client.ExistsAsync(_root, _watcher), _stop.Token).ConfigureAwait(false);
                if (stat == null)
                {
                    return result;
                }
            }
        }

        private Task<NodeData> ReadDataAsync(string path) =>
            Retrying.RunAsync(_monitor, path, () => _monitor.Client.GetDataAsync(path, ReadWatcher), _stop.Token);

        private Task<IReadOnlyList<string>> ReadChildrenAsync(string path) =>
            Retrying.RunAsync(_monitor, path, () => _monitor.Client.GetChildrenAsync(path, ReadWatcher), _stop.Token);

        private Task ApplyAsync(List<WatchedEvent> events, List<CacheChangedEventArgs> changes) =>
            _oneShot ? ApplyOneShotAsync(events, changes) : ApplyPersistentAsync(events, changes);

        /// <summary>
        /// Persistent-recursive events: created / changed nodes are read (all reads sent before any
        /// is awaited), deleted ones dropped; applied in event order.
        /// </summary>
        private async Task ApplyPersistentAsync(List<WatchedEvent> events, List<CacheChangedEventArgs> changes)
        {
            var reads = new List<(WatchedEvent Event, Task<NodeData>? Read)>(events.Count);
            foreach (WatchedEvent e in events)
            {
                if (!InScope(e.Path!))
                {
                    continue;
                }
                bool read = e.Type == EventType.NodeCreated || e.Type == EventType.NodeDataChanged;
                reads.Add((e, read ? ReadDataAsync(e.Path!) : null));
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
                            Forget(path, changes);
                        }
                        continue;
                    }
                    try
                    {
                        Store(Make(path, await item.Read.ConfigureAwait(false)), changes);
                    }
                    catch (NoNodeException)
                    {
                        Forget(path, changes);
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

        /// <summary>
        /// One-shot events: every read re-arms the watch that fired. Events are hints, not facts:
        /// after a reconnect the server replays what changed while we were away, possibly about a
        /// node since re-created, so a created or deleted node's subtree is re-read, not assumed.
        /// </summary>
        private async Task ApplyOneShotAsync(List<WatchedEvent> events, List<CacheChangedEventArgs> changes)
        {
            foreach (WatchedEvent e in events)
            {
                string path = e.Path!;
                if (!InScope(path))
                {
                    continue;
                }
                switch (e.Type)
                {
                    case EventType.NodeDataChanged:
                        try
                        {
                            Store(Make(path, await ReadDataAsync(path).ConfigureAwait(false)), changes);
                        }
                        catch (NoNodeException)
                        {
                            await RefreshAsync(path, changes).ConfigureAwait(false);
                        }
                        break;
                    case EventType.NodeCreated:
                    case EventType.NodeDeleted:
                        await RefreshAsync(path, changes).ConfigureAwait(false);
                        break;
                    case EventType.NodeChildrenChanged:
                        await ChildrenChangedAsync(path, changes).ConfigureAwait(false);
                        break;
                }
            }
        }

        private async Task ChildrenChangedAsync(string path, List<CacheChangedEventArgs> changes)
        {
            if (DepthOf(path) >= _maxDepth)
            {
                return;
            }
            IReadOnlyList<string> names;
            try
            {
                names = await ReadChildrenAsync(path).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                await RefreshAsync(path, changes).ConfigureAwait(false);
                return;
            }
            var now = new HashSet<string>(StringComparer.Ordinal);
            foreach (string name in names)
            {
                now.Add(ZkNodes.Join(path, name));
            }
            foreach (CachedNode child in ChildrenOf(path))
            {
                if (!now.Remove(child.Path))
                {
                    await RefreshAsync(child.Path, changes).ConfigureAwait(false);
                }
            }
            foreach (string added in now)
            {
                await RefreshAsync(added, changes).ConfigureAwait(false);
            }
        }

        private CachedNode Make(string path, NodeData data) => new CachedNode(path, _keepData ? data.Data : null, data.Stat);

        /// <summary>Adds or replaces a node; a different creation zxid means it was re-created.</summary>
        private void Store(CachedNode node, List<CacheChangedEventArgs> changes)
        {
            CachedNode? old = Get(node.Path);
            if (old != null && old.Stat.Czxid != node.Stat.Czxid)
            {
                Forget(old.Path, changes);
                old = null;
            }
            lock (_gate)
            {
                _nodes[node.Path] = node;
            }
            if (old == null)
            {
                changes.Add(new CacheChangedEventArgs(CacheChangeType.Added, node));
            }
            else if (old.Stat.Mzxid != node.Stat.Mzxid)
            {
                changes.Add(new CacheChangedEventArgs(CacheChangeType.Updated, node));
            }
        }

        /// <summary>Removes a node and its cached descendants, deepest first.</summary>
        private void Forget(string path, List<CacheChangedEventArgs> changes)
        {
            string prefix = path == ZNodePath.Root ? path : path + "/";
            var gone = new List<CachedNode>();
            lock (_gate)
            {
                foreach (var pair in _nodes)
                {
                    if (pair.Key == path || pair.Key.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        gone.Add(pair.Value);
                    }
                }
                foreach (CachedNode node in gone)
                {
                    _nodes.Remove(node.Path);
                }
            }
            gone.Sort((a, b) => DepthOf(b.Path).CompareTo(DepthOf(a.Path)));
            foreach (CachedNode node in gone)
            {
                changes.Add(new CacheChangedEventArgs(CacheChangeType.Removed, node));
            }
        }

        private enum WorkKind
        {
            Event,
            Resync,
            State,
        }

        private sealed class Work
        {
            public static readonly Work Resync = new Work(WorkKind.Resync, null, default);

            private Work(WorkKind kind, WatchedEvent? watched, RecipeConnectionState state)
            {
                Kind = kind;
                Watched = watched;
                NewState = state;
            }

            public WorkKind Kind { get; }

            public WatchedEvent? Watched { get; }

            public RecipeConnectionState NewState { get; }

            public static Work Event(WatchedEvent e) => new Work(WorkKind.Event, e, default);

            public static Work State(RecipeConnectionState state) => new Work(WorkKind.State, null, state);
        }
    }
}
