using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;

namespace PSZookeeper.Recipes.Internal
{
    /// <summary>
    /// The one place recipes learn about the session: maps the client's transitions to
    /// <see cref="RecipeConnectionState"/> and lets waiters await the next change without
    /// subscribing. One monitor per client (shared by all its recipes), so recipes that are not
    /// disposable never leave event subscriptions behind.
    /// </summary>
    internal sealed class ConnectionMonitor
    {
        private static readonly ConditionalWeakTable<ZooKeeperClient, ConnectionMonitor> Monitors =
            new ConditionalWeakTable<ZooKeeperClient, ConnectionMonitor>();

        private readonly object _gate = new object();
        private readonly CancellationTokenSource _lost = new CancellationTokenSource();
        private readonly TaskCompletionSource<bool> _lostSignal = Waits.NewSignal();
        private TaskCompletionSource<RecipeConnectionState> _next = NewSignal();
        private RecipeConnectionState _state;
        private ConnectionChange _lostReason = ConnectionChange.Expired;

        private ConnectionMonitor(ZooKeeperClient client)
        {
            Client = client;
            // Subscribe before reading the state, so no transition falls between the two.
            client.StateChanged += OnStateChanged;
            lock (_gate)
            {
                _state = Map(client.State, out ConnectionChange reason);
                if (_state == RecipeConnectionState.Lost)
                {
                    _lostReason = reason;
                    _lost.Cancel();
                    _lostSignal.TrySetResult(true);
                }
            }
        }

        /// <summary>
        /// Raised on the client's event thread after each transition. Handlers must only signal
        /// (never wait for a ZooKeeper reply there: replies queue behind events).
        /// </summary>
        public event Action<RecipeConnectionState>? Changed;

        public ZooKeeperClient Client { get; }

        public RecipeConnectionState State
        {
            get
            {
                lock (_gate)
                {
                    return _state;
                }
            }
        }

        public bool IsLost => State == RecipeConnectionState.Lost;

        /// <summary>Completes once the session is lost.</summary>
        public Task Lost => _lostSignal.Task;

        /// <summary>Cancelled (on a pool thread) once the session is lost.</summary>
        public CancellationToken LostToken => _lost.Token;

        /// <summary>The negotiated session timeout (the client's requested one before the first handshake).</summary>
        public TimeSpan SessionTimeout => Client.SessionTimeout > TimeSpan.Zero ? Client.SessionTimeout : TimeSpan.FromSeconds(10);

        public static ConnectionMonitor For(ZooKeeperClient client)
        {
            if (client == null)
            {
                throw new ArgumentNullException(nameof(client));
            }
            return Monitors.GetValue(client, c => new ConnectionMonitor(c));
        }

        /// <summary>
        /// The current state and a task that completes at the next transition, read together so
        /// a waiter that checks the state and then awaits the task cannot miss a change in between.
        /// </summary>
        public (RecipeConnectionState State, Task<RecipeConnectionState> Next) Snapshot()
        {
            lock (_gate)
            {
                return (_state, _next.Task);
            }
        }

        /// <summary>The exception a recipe throws once the session is lost.</summary>
        public SessionLostException LostError(string? path, Exception? inner = null)
        {
            ConnectionChange reason;
            lock (_gate)
            {
                reason = _lostReason;
            }
            return new SessionLostException(reason, path, inner);
        }

        /// <summary>
        /// Returns once connected; throws <see cref="SessionLostException"/> when the session ends,
        /// <see cref="TimeoutException"/> when no connection comes back within <paramref name="limit"/>.
        /// </summary>
        public async Task WaitUntilConnectedAsync(Deadline limit, string? path, CancellationToken cancellationToken)
        {
            while (true)
            {
                var (state, next) = Snapshot();
                if (state == RecipeConnectionState.Lost)
                {
                    throw LostError(path);
                }
                if (state != RecipeConnectionState.Suspended)
                {
                    return;
                }
                if (await Waits.AnyAsync(limit, cancellationToken, next).ConfigureAwait(false) == null)
                {
                    throw new TimeoutException($"The connection to ZooKeeper did not come back within the recipe's limit ({path}).");
                }
            }
        }

        private void OnStateChanged(object? sender, ConnectionChangedEventArgs e)
        {
            RecipeConnectionState mapped;
            TaskCompletionSource<RecipeConnectionState> previous;
            lock (_gate)
            {
                if (_state == RecipeConnectionState.Lost)
                {
                    return;
                }
                mapped = MapChange(e.Change);
                _state = mapped;
                if (mapped == RecipeConnectionState.Lost)
                {
                    _lostReason = e.Change;
                }
                previous = _next;
                _next = NewSignal();
            }
            // Continuations run asynchronously, so nothing runs on the event thread here.
            previous.TrySetResult(mapped);
            if (mapped == RecipeConnectionState.Lost)
            {
                _lostSignal.TrySetResult(true);
                // Token callbacks are user code: keep them off the event thread.
                ThreadPool.QueueUserWorkItem(_ => _lost.Cancel());
            }
            Changed?.Invoke(mapped);
        }

        private static RecipeConnectionState MapChange(ConnectionChange change)
        {
            switch (change)
            {
                case ConnectionChange.Connected:
                    return RecipeConnectionState.Connected;
                case ConnectionChange.Disconnected:
                    return RecipeConnectionState.Suspended;
                case ConnectionChange.Reconnected:
                    return RecipeConnectionState.Reconnected;
                default:
                    return RecipeConnectionState.Lost;
            }
        }

        private static RecipeConnectionState Map(ClientState state, out ConnectionChange reason)
        {
            reason = ConnectionChange.Expired;
            switch (state)
            {
                case ClientState.Connected:
                    return RecipeConnectionState.Connected;
                case ClientState.Connecting:
                case ClientState.Disconnected:
                    return RecipeConnectionState.Suspended;
                case ClientState.Closed:
                    reason = ConnectionChange.Closed;
                    return RecipeConnectionState.Lost;
                case ClientState.AuthFailed:
                    reason = ConnectionChange.AuthFailed;
                    return RecipeConnectionState.Lost;
                default:
                    return RecipeConnectionState.Lost;
            }
        }

        private static TaskCompletionSource<RecipeConnectionState> NewSignal() =>
            new TaskCompletionSource<RecipeConnectionState>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
