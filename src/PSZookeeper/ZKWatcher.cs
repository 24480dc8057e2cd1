using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Core;

namespace PSZookeeper
{
    /// <summary>
    /// A persistent ZooKeeper watch exposed as a .NET event, so PowerShell's event manager can
    /// subscribe to it exactly as Register-ObjectEvent does. The client's event thread only
    /// enqueues; the session's <see cref="WatchDispatcher"/> (one thread for all of a session's
    /// watches) reads the extra data (children diff, new data) in order and raises
    /// <see cref="Changed"/>, whose PowerShell handler only queues a PSEvent. Subscribing arms the
    /// watch; removing the last handler (Unregister-Event / Unregister-ZKWatch) removes it.
    /// </summary>
    public sealed class ZKWatcher
    {
        private static readonly string[] NoNames = new string[0];

        private readonly object _gate = new object();
        private readonly ConcurrentQueue<WatchedEvent> _queue = new ConcurrentQueue<WatchedEvent>();
        private readonly Action _drain;
        private volatile bool _deliveryOpen;
        private Action<ZKWatchEventArgs>? _deliver;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Action<WatchedEvent> _callback;
        private EventHandler<ZKWatchEventArgs>? _changed;
        private Task _ready = Task.CompletedTask;
        private string[] _children = NoNames;
        private int _state; // 0 new, 1 running, 2 stopped
        private long _sequence;
        private long _received;

        /// <param name="session">The session whose client arms the watch.</param>
        /// <param name="path">The watched path.</param>
        /// <param name="kind">What to report.</param>
        /// <param name="deferDelivery">Hold events until <see cref="SetDelivery"/> is called (Register-ZKWatch does).</param>
        public ZKWatcher(ZKSession session, string path, ZKWatchKind kind, bool deferDelivery = false)
        {
            ZNodePath.Validate(path);
            _deliveryOpen = !deferDelivery;
            Session = session ?? throw new ArgumentNullException(nameof(session));
            Path = path;
            Kind = kind;
            _callback = OnWatch;
            _drain = Drain;
        }

        public ZKSession Session { get; }

        public string Path { get; }

        public ZKWatchKind Kind { get; }

        /// <summary>The PowerShell subscription's source identifier, once subscribed.</summary>
        public string? SourceIdentifier { get; set; }

        /// <summary>Completes once the watch is armed (and the first child list read).</summary>
        public Task Ready => _ready;

        public bool IsRunning => Volatile.Read(ref _state) == 1;

        /// <summary>Events raised so far.</summary>
        public long Delivered => Interlocked.Read(ref _sequence);

        /// <summary>Notifications received from the server so far (before filtering).</summary>
        public long Received => Interlocked.Read(ref _received);

        /// <summary>Raised, in order, once per matching notification. The first handler arms the watch.</summary>
        public event EventHandler<ZKWatchEventArgs> Changed
        {
            add
            {
                bool start;
                lock (_gate)
                {
                    start = _changed == null;
                    _changed += value;
                }
                if (start)
                {
                    Start();
                }
            }
            remove
            {
                bool stop;
                lock (_gate)
                {
                    _changed -= value;
                    stop = _changed == null;
                }
                if (stop)
                {
                    Stop(removeFromServer: true);
                }
            }
        }

        /// <summary>True when an event of this type is reported for this kind of watch.</summary>
        public static bool Matches(ZKWatchKind kind, EventType type)
        {
            switch (kind)
            {
                case ZKWatchKind.Data:
                case ZKWatchKind.Recursive:
                    return type == EventType.NodeCreated || type == EventType.NodeDeleted || type == EventType.NodeDataChanged;
                case ZKWatchKind.Children:
                    return type == EventType.NodeChildrenChanged;
                case ZKWatchKind.Exists:
                    return type == EventType.NodeCreated || type == EventType.NodeDeleted;
                default:
                    return type == EventType.NodeCreated || type == EventType.NodeDeleted ||
                        type == EventType.NodeDataChanged || type == EventType.NodeChildrenChanged;
            }
        }

        /// <summary>
        /// Delivers events through <paramref name="deliver"/> instead of the <see cref="Changed"/>
        /// handlers, and opens delivery. Register-ZKWatch hands PowerShell's event manager the
        /// events here, in order, from the session's watch thread.
        /// </summary>
        public void SetDelivery(Action<ZKWatchEventArgs>? deliver)
        {
            _deliver = deliver;
            _deliveryOpen = true;
            Session.Dispatcher.Post(_drain);
        }

        /// <summary>Arms the watch (idempotent); the returned task completes when it is armed.</summary>
        public Task Start()
        {
            lock (_gate)
            {
                if (_state != 0)
                {
                    return _ready;
                }
                _state = 1;
                Session.Track(this);
                _ready = ArmAsync();
            }
            // Events that arrive before the watch is armed wait in the queue until then.
            _ready.ContinueWith(_ => Session.Dispatcher.Post(_drain), TaskScheduler.Default);
            return _ready;
        }

        /// <summary>Stops delivering; with <paramref name="removeFromServer"/>, removes the server's watch too.</summary>
        public void Stop(bool removeFromServer)
        {
            lock (_gate)
            {
                if (_state == 2)
                {
                    return;
                }
                bool wasRunning = _state == 1;
                _state = 2;
                if (!wasRunning)
                {
                    return;
                }
            }
            _stop.Cancel();
            Session.Untrack(this);
            if (removeFromServer && !Session.IsTerminal)
            {
                // Fire and forget: never block the caller (it may be PowerShell's event manager).
                _ = Session.Client.RemoveWatchesAsync(Path, WatcherType.Any, _callback)
                    .ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            }
        }

        public override string ToString() => $"{Kind} watch on {Path} ({Session.Name})";

        private async Task ArmAsync()
        {
            AddWatchMode mode = Kind == ZKWatchKind.Recursive ? AddWatchMode.PersistentRecursive : AddWatchMode.Persistent;
            await Session.Client.AddWatchAsync(Path, _callback, mode).ConfigureAwait(false);
            if (Kind == ZKWatchKind.Children || Kind == ZKWatchKind.All)
            {
                _children = await ChildrenAsync(Path).ConfigureAwait(false);
            }
        }

        private void OnWatch(WatchedEvent e)
        {
            // On the client's event thread: only enqueue, never block or call back into the client.
            if (e.Type == EventType.None || Volatile.Read(ref _state) != 1)
            {
                return;
            }
            Interlocked.Increment(ref _received);
            _queue.Enqueue(e);
            Session.Dispatcher.Post(_drain);
        }

        // On the session's watch thread: delivers what is queued, once the watch is armed (so the
        // first child list is there to diff against) and delivery is open.
        private void Drain()
        {
            if (Volatile.Read(ref _state) != 1 || !_ready.IsCompleted || !_deliveryOpen)
            {
                return;
            }
            if (_ready.Status != TaskStatus.RanToCompletion)
            {
                Stop(removeFromServer: false);
                return;
            }
            CancellationToken token = _stop.Token;
            while (!token.IsCancellationRequested && _queue.TryDequeue(out WatchedEvent? e))
            {
                if (!Matches(Kind, e.Type))
                {
                    continue;
                }
                var args = new ZKWatchEventArgs(this, e.Type, e.Path ?? Path, Interlocked.Increment(ref _sequence));
                try
                {
                    EnrichAsync(args).Wait(token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception)
                {
                    // The session may be gone; deliver the bare event.
                }
                Deliver(args);
            }
        }

        private void Deliver(ZKWatchEventArgs args)
        {
            try
            {
                Action<ZKWatchEventArgs>? deliver = _deliver;
                if (deliver != null)
                {
                    deliver(args);
                    return;
                }
                EventHandler<ZKWatchEventArgs>? handler;
                lock (_gate)
                {
                    handler = _changed;
                }
                handler?.Invoke(this, args);
            }
            catch (Exception)
            {
                // A subscriber's failure must not stop the delivery of later events.
            }
        }

        private async Task EnrichAsync(ZKWatchEventArgs args)
        {
            if (args.EventType == EventType.NodeChildrenChanged)
            {
                string[] now = await ChildrenAsync(args.Path).ConfigureAwait(false);
                ChildDiff diff = ChildDiff.Compute(_children, now);
                _children = now;
                args.Added = diff.Added;
                args.Removed = diff.Removed;
                args.Children = now;
            }
            else if (args.EventType == EventType.NodeDeleted && args.Path == Path && (Kind == ZKWatchKind.All || Kind == ZKWatchKind.Children))
            {
                args.Removed = _children;
                _children = NoNames;
            }
            else if (Kind != ZKWatchKind.Exists && Kind != ZKWatchKind.Children &&
                (args.EventType == EventType.NodeDataChanged || args.EventType == EventType.NodeCreated))
            {
                try
                {
                    NodeData data = await Session.Client.GetDataAsync(args.Path).ConfigureAwait(false);
                    args.Data = DataCodec.DecodeText(data.Data);
                    args.Stat = data.Stat;
                }
                catch (NoNodeException)
                {
                    // Deleted again already; the delete event follows.
                }
            }
        }

        private async Task<string[]> ChildrenAsync(string path)
        {
            try
            {
                return (await Session.Client.GetChildrenAsync(path).ConfigureAwait(false)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            }
            catch (NoNodeException)
            {
                return NoNames;
            }
        }
    }
}
