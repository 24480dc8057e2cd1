using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Recipes.Caching
{
    /// <summary>What a cache engine reports, always from its own loop (a pool thread), in order.</summary>
    internal interface ICacheSink
    {
        void OnChanges(IReadOnlyList<CacheChangedEventArgs> changes);

        void OnInitialized();

        void OnConnectionChanged(ConnectionState state);
    }

    /// <summary>
    /// Keeps a cache's copy of a subtree (<see cref="CacheTree"/>) current through a
    /// <see cref="CacheWatch"/>: a persistent-recursive watch, or one-shot watches.
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
        private readonly ConnectionMonitor _monitor;
        private readonly CacheTree _tree;
        private readonly CacheReader _reader;
        private readonly bool _oneShotAsked;
        private readonly ICacheSink _sink;
        private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
        private readonly object _gate = new object();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly TaskCompletionSource<bool> _initialized = Waits.NewSignal();
        private readonly Action<WatchedEvent> _watcher;
        private readonly Action<ConnectionState> _onState;
        private Task? _loop;
        private CacheWatch? _watch;

        public CacheEngine(ConnectionMonitor monitor, string root, int maxDepth, bool keepData, bool oneShot, ICacheSink sink)
        {
            _monitor = monitor;
            _tree = new CacheTree(root, maxDepth);
            _reader = new CacheReader(monitor, _tree, keepData, _stop.Token);
            _oneShotAsked = oneShot;
            _sink = sink;
            _watcher = OnWatch;
            _onState = state => _work.Writer.TryWrite(Work.State(state));
        }

        public bool UsesOneShotWatches => Volatile.Read(ref _watch)?.IsOneShot ?? _oneShotAsked;

        public bool IsInitialized => _initialized.Task.Status == TaskStatus.RanToCompletion;

        public CachedNode? Get(string path) => _tree.Get(path);

        /// <summary>The cached children of <paramref name="path"/>, by name.</summary>
        public List<CachedNode> ChildrenOf(string path) => _tree.ChildrenOf(path);

        public Dictionary<string, CachedNode> Snapshot() => _tree.Snapshot();

        /// <summary>Arms the watch, loads the subtree, and returns once it is loaded.</summary>
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (_loop != null || _stop.IsCancellationRequested)
                {
                    throw new RecipeStateException("A cache can be started once.", _tree.Root);
                }
                _loop = Task.CompletedTask;
            }
            _monitor.Changed += _onState;
            Volatile.Write(ref _watch, await CacheWatch.ArmAsync(_monitor, _tree, _reader, _watcher, _oneShotAsked, cancellationToken).ConfigureAwait(false));
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
            CacheWatch? watch = Volatile.Read(ref _watch);
            if (watch != null && !_monitor.IsLost)
            {
                await watch.DisarmAsync().ConfigureAwait(false);
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
                            resync |= work.NewState == ConnectionState.Reconnected;
                            lost |= work.NewState == ConnectionState.Lost;
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
                        _initialized.TrySetException(_monitor.LostError(_tree.Root));
                        Waits.Observe(_initialized.Task);
                        return;
                    }
                    if (resync && _monitor.State == ConnectionState.Suspended)
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
                            await _reader.RefreshAsync(_tree.Root, changes).ConfigureAwait(false);
                            resync = false;
                        }
                        else
                        {
                            await _watch!.ApplyAsync(events, changes).ConfigureAwait(false);
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
                        Trace.TraceWarning("PSZookeeper.Recipes: cache {0} will re-read after: {1}", _tree.Root, ex.Message);
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
                await Retrying.Backoff.DelayAsync(failures + 3, _stop.Token).ConfigureAwait(false);
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

        private enum WorkKind
        {
            Event,
            Resync,
            State,
        }

        private sealed class Work
        {
            public static readonly Work Resync = new Work(WorkKind.Resync, null, default);

            private Work(WorkKind kind, WatchedEvent? watched, ConnectionState state)
            {
                Kind = kind;
                Watched = watched;
                NewState = state;
            }

            public WorkKind Kind { get; }

            public WatchedEvent? Watched { get; }

            public ConnectionState NewState { get; }

            public static Work Event(WatchedEvent e) => new Work(WorkKind.Event, e, default);

            public static Work State(ConnectionState state) => new Work(WorkKind.State, null, state);
        }
    }
}
