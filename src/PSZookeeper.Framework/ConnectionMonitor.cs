using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;

namespace PSZookeeper.Framework
{
    /// <summary>
    /// The one place the layers above the client learn about the session: maps the client's
    /// transitions to <see cref="ConnectionState"/> (Suspended, Reconnected, Lost) and lets
    /// waiters await the next change without subscribing. One monitor per client (shared by all
    /// its users), so users that are not disposable never leave event subscriptions behind.
    /// </summary>
    public sealed class ConnectionMonitor
    {
        private static readonly ConditionalWeakTable<ZooKeeperClient, ConnectionMonitor> Monitors =
            new ConditionalWeakTable<ZooKeeperClient, ConnectionMonitor>();

        private readonly object _gate = new object();
        private readonly CancellationTokenSource _lost = new CancellationTokenSource();
        private readonly TaskCompletionSource<bool> _lostSignal = Waits.NewSignal();
        private TaskCompletionSource<ConnectionState> _next = NewSignal();
        private ConnectionState _state;
        private ConnectionChange _lostReason = ConnectionChange.Expired;

        private ConnectionMonitor(ZooKeeperClient client)
        {
            Client = client;
            // Subscribe before reading the state, so no transition falls between the two.
            client.StateChanged += OnStateChanged;
            lock (_gate)
            {
                _state = Map(client.State, out ConnectionChange reason);
                if (_state == ConnectionState.Lost)
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
        public event Action<ConnectionState>? Changed;

        /// <summary>The monitored session.</summary>
        public ZooKeeperClient Client { get; }

        /// <summary>The session's state now.</summary>
        public ConnectionState State
        {
            get
            {
                lock (_gate)
                {
                    return _state;
                }
            }
        }

        /// <summary>True once the session is over.</summary>
        public bool IsLost => State == ConnectionState.Lost;

        /// <summary>Completes once the session is lost.</summary>
        public Task Lost => _lostSignal.Task;

        /// <summary>Cancelled (on a pool thread) once the session is lost.</summary>
        public CancellationToken LostToken => _lost.Token;

        /// <summary>The negotiated session timeout (the client's requested one before the first handshake).</summary>
        public TimeSpan SessionTimeout => Client.SessionTimeout > TimeSpan.Zero ? Client.SessionTimeout : TimeSpan.FromSeconds(10);

        /// <summary>The monitor of <paramref name="client"/>, made on first use.</summary>
        /// <param name="client">The session to monitor.</param>
        /// <returns>The one monitor of that client.</returns>
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
        public (ConnectionState State, Task<ConnectionState> Next) Snapshot()
        {
            lock (_gate)
            {
                return (_state, _next.Task);
            }
        }

        /// <summary>The exception to throw once the session is lost.</summary>
        /// <param name="path">The znode concerned, if any.</param>
        /// <param name="inner">The client's error, if any.</param>
        /// <returns>The exception, naming why the session ended.</returns>
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
        /// <param name="limit">How long to wait for the connection.</param>
        /// <param name="path">The znode concerned, for the errors.</param>
        /// <param name="cancellationToken">Stops waiting.</param>
        /// <returns>A task that completes once connected.</returns>
        public async Task WaitUntilConnectedAsync(Deadline limit, string? path, CancellationToken cancellationToken)
        {
            while (true)
            {
                var (state, next) = Snapshot();
                if (state == ConnectionState.Lost)
                {
                    throw LostError(path);
                }
                if (state != ConnectionState.Suspended)
                {
                    return;
                }
                if (await Waits.AnyAsync(limit, cancellationToken, next).ConfigureAwait(false) == null)
                {
                    throw new TimeoutException($"The connection to ZooKeeper did not come back in time ({path}).");
                }
            }
        }

        /// <summary>
        /// Waits for the watch, a reconnect (re-read: the blocker may have gone while we were
        /// away) or the end of the session. A suspension alone changes nothing: the client re-arms
        /// the watch when it reconnects. False when the deadline passes.
        /// </summary>
        /// <param name="fired">The watch's signal.</param>
        /// <param name="change">The next transition, from the <see cref="Snapshot"/> taken before the watched read.</param>
        /// <param name="deadline">When to give up.</param>
        /// <param name="cancellationToken">Stops waiting.</param>
        /// <returns>True when woken (re-read now); false when the deadline passed.</returns>
        /// <exception cref="SessionLostException">The session ended.</exception>
        public async Task<bool> WaitForWatchAsync(Task fired, Task<ConnectionState> change,
            Deadline deadline, CancellationToken cancellationToken)
        {
            while (true)
            {
                Task? first = await Waits.AnyAsync(deadline, cancellationToken, fired, change).ConfigureAwait(false);
                if (first == null)
                {
                    return false;
                }
                if (first == fired)
                {
                    return true;
                }
                ConnectionState state = change.Result;
                if (state == ConnectionState.Lost)
                {
                    throw LostError(null);
                }
                if (state != ConnectionState.Suspended)
                {
                    return true;
                }
                var (now, next) = Snapshot();
                if (now == ConnectionState.Lost)
                {
                    throw LostError(null);
                }
                if (now != ConnectionState.Suspended)
                {
                    return true;
                }
                change = next;
            }
        }

        private void OnStateChanged(object? sender, ConnectionChangedEventArgs e)
        {
            ConnectionState mapped;
            TaskCompletionSource<ConnectionState> previous;
            lock (_gate)
            {
                if (_state == ConnectionState.Lost)
                {
                    return;
                }
                mapped = MapChange(e.Change);
                _state = mapped;
                if (mapped == ConnectionState.Lost)
                {
                    _lostReason = e.Change;
                }
                previous = _next;
                _next = NewSignal();
            }
            // Continuations run asynchronously, so nothing runs on the event thread here.
            previous.TrySetResult(mapped);
            if (mapped == ConnectionState.Lost)
            {
                _lostSignal.TrySetResult(true);
                // Token callbacks are user code: keep them off the event thread.
                ThreadPool.QueueUserWorkItem(_ => _lost.Cancel());
            }
            Changed?.Invoke(mapped);
        }

        private static ConnectionState MapChange(ConnectionChange change) =>
            change.IsTerminal() ? ConnectionState.Lost
            : change == ConnectionChange.Disconnected ? ConnectionState.Suspended
            : change == ConnectionChange.Reconnected ? ConnectionState.Reconnected
            : ConnectionState.Connected;

        private static ConnectionState Map(ClientState state, out ConnectionChange reason)
        {
            reason = state == ClientState.Closed ? ConnectionChange.Closed
                : state == ClientState.AuthFailed ? ConnectionChange.AuthFailed : ConnectionChange.Expired;
            if (state.IsTerminal())
            {
                return ConnectionState.Lost;
            }
            return state == ClientState.Connected ? ConnectionState.Connected : ConnectionState.Suspended;
        }

        private static TaskCompletionSource<ConnectionState> NewSignal() =>
            new TaskCompletionSource<ConnectionState>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
