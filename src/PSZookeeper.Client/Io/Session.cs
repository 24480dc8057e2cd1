using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Jute;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// The session state machine: Connecting -> Connected -> (Disconnected -> Connected | Expired),
    /// plus Closed and AuthFailed. Owns what outlives a connection: the session id and password,
    /// the last zxid seen, the queue of unsent requests, credentials and watches. A lost
    /// connection is not a lost session: the loop reconnects, re-sends auth and re-arms watches.
    /// </summary>
    internal sealed class Session : ISessionHost, IDisposable
    {
        /// <summary>SetWatches packets stay under this size, as the server bounds packet length.</summary>
        private const int SetWatchesBatchBytes = 128 * 1024;
        private readonly ZooKeeperClientOptions _options;
        private readonly HostProvider _hosts;
        private readonly string? _chroot;
        private readonly ConcurrentQueue<IPendingRequest> _outgoing = new ConcurrentQueue<IPendingRequest>();
        private readonly List<AuthPacket> _credentials = new List<AuthPacket>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        // Continuations inline: StartAsync's waiters are the client's own (ZooKeeperClient.ConnectAsync).
        private readonly TaskCompletionSource<bool> _firstConnection = new TaskCompletionSource<bool>();
        private readonly IPendingRequest _ping = new PendingRequest<bool>(OpCode.Ping, null, null, Responses.Empty) { Xid = SpecialXid.Ping };
        private readonly object _gate = new object();
        /// <summary>The pause after each full round of failed hosts: 100 ms doubling to 1 s, jittered.</summary>
        private static readonly RetryPolicy ReconnectBackoff = new RetryPolicy(int.MaxValue, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        private volatile ActiveConnection? _current;
        // Set before the last drain of _outgoing; a request queued after it fails at once.
        private volatile bool _ended;
        private ClientState _state = ClientState.Connecting;
        private Exception? _terminalError;
        private long _sessionId;
        private byte[] _password;
        private long _lastZxid;
        private int _negotiatedTimeoutMs;
        private int _xid;
        private Exception? _lastConnectError;

        public Session(ConnectString connectString, ZooKeeperClientOptions options, Action<ConnectionChangedEventArgs> onStateChange)
        {
            _options = options;
            _chroot = connectString.Chroot;
            _hosts = new HostProvider(connectString.Hosts, new Random());
            _sessionId = options.SessionId;
            _password = options.SessionPassword != null ? (byte[])options.SessionPassword.Clone() : new byte[ConnectRequest.PasswordLength];
            OnStateChange = onStateChange;
            Dispatcher = new EventDispatcher("PSZookeeper events", ex => options.CallbackError?.Invoke(ex));
            Watches = new WatchManager(options.GuardPersistentWatches);
        }

        public EventDispatcher Dispatcher { get; }

        public WatchManager Watches { get; }

        public ConcurrentQueue<IPendingRequest> Outgoing => _outgoing;

        private Action<ConnectionChangedEventArgs> OnStateChange { get; }

        public ClientState State
        {
            get
            {
                lock (_gate)
                {
                    return _state;
                }
            }
        }

        public long SessionId => Interlocked.Read(ref _sessionId);

        public byte[] Password
        {
            get
            {
                lock (_gate)
                {
                    return (byte[])_password.Clone();
                }
            }
        }

        public TimeSpan NegotiatedTimeout => TimeSpan.FromMilliseconds(Volatile.Read(ref _negotiatedTimeoutMs));

        public long LastZxid => Interlocked.Read(ref _lastZxid);

        public string? ConnectedServer => _current?.Server.ToString();

        /// <summary>
        /// Starts the connect loop. The task completes when the first connection is up (on the
        /// connection's thread), or fails when no server answered within the connect timeout, the
        /// token is cancelled or the session ends first. Its continuations run inline wherever it
        /// completes, so only the client's own code, which never blocks there, may wait on it.
        /// </summary>
        public Task StartAsync(CancellationToken cancellationToken)
        {
            // Runs on the caller's thread until its first await (the connection's thread connecting);
            // the handshake then runs on the connection's thread (Transport), with no pool hop on
            // the way to "connected". Every await in the loop uses ConfigureAwait(false), so
            // nothing comes back to the caller's context.
            _ = RunAsync();
            var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ConnectTimeout);
            CancellationTokenRegistration gaveUp = timeout.Token.Register(() =>
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    _firstConnection.TrySetCanceled(cancellationToken);
                    return;
                }
                _firstConnection.TrySetException(ZooKeeperException.Create(ErrorCode.ConnectionLoss, null,
                    $"No server answered within {_options.ConnectTimeout.TotalSeconds:0.#} s (last error: {_lastConnectError?.Message ?? "none"}).",
                    _lastConnectError));
            });
            _firstConnection.Task.ContinueWith(_ =>
            {
                gaveUp.Dispose();
                timeout.Dispose();
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return _firstConnection.Task;
        }

        /// <summary>Queues a request and wakes the connection's sender; fails it at once when the session is over.</summary>
        public void Submit(IPendingRequest request)
        {
            if (_ended)
            {
                Reject(request, TerminalError());
                return;
            }
            _outgoing.Enqueue(request);
            if (_ended)
            {
                // Terminate may have drained the queue just before this request arrived.
                FailQueued(TerminalError());
                return;
            }
            _current?.OnQueued();
        }

        public void AddCredential(AuthPacket credential)
        {
            lock (_credentials)
            {
                _credentials.Add(credential);
            }
        }

        public int NextXid()
        {
            // Only the writer loop of the one live connection calls this.
            _xid = _xid == int.MaxValue ? 1 : _xid + 1;
            return _xid;
        }

        public void ObserveZxid(long zxid) => Interlocked.Exchange(ref _lastZxid, zxid);

        public void Deliver(IPendingRequest request)
        {
            // Inline when no event is waiting, or when the dispatcher is gone (closing): a request
            // must always complete.
            if (Dispatcher.IsIdle || !Dispatcher.Enqueue(request.Publish))
            {
                request.Publish();
            }
        }

        public void OnWatcherEvent(WatcherEvent watcherEvent)
        {
            var type = (EventType)watcherEvent.Type;
            if (type == EventType.None || watcherEvent.Path == null)
            {
                return;
            }
            string path = ZNodePath.StripChroot(_chroot, watcherEvent.Path);
            var callbacks = Watches.Materialize(type, path);
            if (callbacks.Count == 0)
            {
                return;
            }
            var e = new WatchedEvent(type, (KeeperState)watcherEvent.State, path);
            foreach (var callback in callbacks)
            {
                Dispatcher.Enqueue(() => callback(e));
            }
        }

        public void OnAuthFailed(ErrorCode code) =>
            Terminate(ClientState.AuthFailed, ZooKeeperException.Create(code, null, "The server rejected the credentials."));

        public void QueuePing() => Submit(_ping);

        /// <summary>Sends closeSession (so ephemerals go at once), then stops.</summary>
        public async Task CloseAsync()
        {
            if (State == ClientState.Connected)
            {
                var close = new PendingRequest<bool>(OpCode.CloseSession, null, null, Responses.Empty);
                Submit(close);
                TimeSpan wait = TimeSpan.FromMilliseconds(Math.Max(1000, Math.Min(_negotiatedTimeoutMs, 5000)));
                await Task.WhenAny(close, Task.Delay(wait)).ConfigureAwait(false);
            }
            Terminate(ClientState.Closed, new ObjectDisposedException(nameof(ZooKeeperClient), "The ZooKeeper client is closed."));
        }

        public void Dispose()
        {
            Terminate(ClientState.Closed, new ObjectDisposedException(nameof(ZooKeeperClient), "The ZooKeeper client is closed."));
            Dispatcher.Dispose();
        }

        private async Task RunAsync()
        {
            int failures = 0;
            int tlsRefusalsInARow = 0;
            while (!_stop.IsCancellationRequested)
            {
                HostPort server = _hosts.Next();
                Transport? transport = null;
                try
                {
                    transport = await Transport.ConnectAsync(server, PerHostTimeout(), _options.MaxFrameLength, _options.Tls, _stop.Token).ConfigureAwait(false);
                    ConnectResponse response = await HandshakeAsync(transport).ConfigureAwait(false);
                    if (response.TimeOut <= 0)
                    {
                        transport.Dispose();
                        Terminate(ClientState.Expired, ZooKeeperException.Create(ErrorCode.SessionExpired, null, $"Session 0x{SessionId:x} has expired."));
                        return;
                    }
                    failures = 0;
                    Exception reason = await RunConnectionAsync(transport, response).ConfigureAwait(false);
                    _lastConnectError = reason;
                }
                catch (Exception ex) when (!_stop.IsCancellationRequested)
                {
                    transport?.Dispose();
                    _lastConnectError = ex;
                    failures++;
                    tlsRefusalsInARow = ex is AuthenticationException ? tlsRefusalsInARow + 1 : 0;
                    FailUnsent(ex);
                    if (tlsRefusalsInARow == _hosts.Count && !_firstConnection.Task.IsCompleted)
                    {
                        // Every server refused TLS before the session ever connected: a certificate or
                        // name that retrying will not mend. Say so now, not at the connect timeout.
                        _firstConnection.TrySetException(ZooKeeperException.Create(ErrorCode.ConnectionLoss, null,
                            $"Every server refused the TLS connection: {ex.Message}", ex));
                    }
                    if (failures % _hosts.Count == 0)
                    {
                        await BackoffAsync(failures / _hosts.Count).ConfigureAwait(false);
                    }
                }
                catch (Exception)
                {
                    transport?.Dispose();
                    return;
                }
            }
        }

        /// <summary>
        /// How long one connect attempt (TCP, TLS, handshake) may take: the session timeout shared
        /// among the hosts, but never more than a third of it. A server that accepts the socket and
        /// then never answers (seen while one restarts) must not hold a single-host client until
        /// its session has expired.
        /// </summary>
        private TimeSpan PerHostTimeout()
        {
            double sessionMs = _options.SessionTimeout.TotalMilliseconds;
            return TimeSpan.FromMilliseconds(Math.Max(500, Math.Min(sessionMs / _hosts.Count, sessionMs / 3)));
        }

        private async Task<ConnectResponse> HandshakeAsync(Transport transport)
        {
            var request = new ConnectRequest(0, LastZxid, (int)_options.SessionTimeout.TotalMilliseconds, SessionId, Password, false);
            using (var writer = new JuteWriter(64))
            {
                Frames.AppendConnect(writer, request);
                TimeSpan timeout = PerHostTimeout();
                using (var timer = new CancellationTokenSource(timeout))
                using (timer.Token.Register(() => transport.Close(
                    new TimeoutException($"The server {transport.Server} did not answer the session handshake within {timeout.TotalMilliseconds:0} ms."))))
                using (_stop.Token.Register(transport.Dispose))
                {
                    Task<ConnectResponse> reply = transport.ReadOneFrameAsync(ReadConnectResponse);
                    // A few dozen bytes on a fresh socket: the send buffer takes them at once.
                    transport.Write(writer.WrittenSegment);
                    return await reply.ConfigureAwait(false);
                }
            }
        }

        private static ConnectResponse ReadConnectResponse(ReadOnlySpan<byte> frame)
        {
            var reader = new JuteReader(frame);
            return ConnectResponse.Read(ref reader);
        }

        private async Task<Exception> RunConnectionAsync(Transport transport, ConnectResponse response)
        {
            bool resumed;
            ActiveConnection connection;
            lock (_gate)
            {
                if (_state != ClientState.Connecting && _state != ClientState.Disconnected)
                {
                    transport.Dispose();
                    return new ObjectDisposedException(nameof(ZooKeeperClient));
                }
                resumed = _state == ClientState.Disconnected;
                Interlocked.Exchange(ref _sessionId, response.SessionId);
                _password = response.Passwd ?? new byte[ConnectRequest.PasswordLength];
                Volatile.Write(ref _negotiatedTimeoutMs, response.TimeOut);
                connection = new ActiveConnection(this, transport, TimeSpan.FromMilliseconds(response.TimeOut));
                _current = connection;
                _state = ClientState.Connected;
            }
            connection.Start(HandshakeFollowUps(resumed));
            // Queued before the caller of ConnectAsync wakes, so a Dispose it runs at once cannot
            // queue Closed ahead of Connected.
            RaiseState(resumed ? ConnectionChange.Reconnected : ConnectionChange.Connected, connection.Server);
            _firstConnection.TrySetResult(true);
            Exception reason = await connection.Closed.ConfigureAwait(false);
            lock (_gate)
            {
                _current = null;
                if (_state != ClientState.Connected)
                {
                    return reason;
                }
                _state = ClientState.Disconnected;
            }
            RaiseState(ConnectionChange.Disconnected, connection.Server);
            return reason;
        }

        /// <summary>Credentials, then (on a resumed session) the watches to re-arm.</summary>
        private List<IPendingRequest> HandshakeFollowUps(bool resumed)
        {
            var packets = new List<IPendingRequest>();
            lock (_credentials)
            {
                foreach (AuthPacket credential in _credentials)
                {
                    packets.Add(new PendingRequest<bool>(OpCode.Auth, credential, null, Responses.Empty) { Xid = SpecialXid.Auth });
                }
            }
            Watches.OnConnectionStarting();
            if (resumed && !Watches.IsEmpty)
            {
                packets.AddRange(SetWatchesPackets());
            }
            return packets;
        }

        private IEnumerable<IPendingRequest> SetWatchesPackets()
        {
            // Kinds in WatchKind order, persistent last, also across batches: the 3.8.0 server keeps
            // the mode set last for a path, so a one-shot riding on a persistent watch must come first.
            Dictionary<WatchKind, List<string>> armed = Watches.Snapshot();
            bool needsVersion2 = armed[WatchKind.Persistent].Count > 0 || armed[WatchKind.PersistentRecursive].Count > 0;
            var batch = new Dictionary<WatchKind, List<string>>();
            int bytes = 0;
            foreach (var pair in armed)
            {
                foreach (string path in pair.Value)
                {
                    string serverPath = ZNodePath.ApplyChroot(_chroot, path);
                    if (bytes + serverPath.Length * 3 + 4 > SetWatchesBatchBytes && bytes > 0)
                    {
                        yield return SetWatchesPacket(batch, needsVersion2);
                        batch.Clear();
                        bytes = 0;
                    }
                    if (!batch.TryGetValue(pair.Key, out var list))
                    {
                        batch[pair.Key] = list = new List<string>();
                    }
                    list.Add(serverPath);
                    bytes += serverPath.Length * 3 + 4;
                }
            }
            if (bytes > 0)
            {
                yield return SetWatchesPacket(batch, needsVersion2);
            }
        }

        private IPendingRequest SetWatchesPacket(Dictionary<WatchKind, List<string>> batch, bool version2)
        {
            IReadOnlyList<string> Paths(WatchKind kind) => batch.TryGetValue(kind, out var list) ? list.ToArray() : new string[0];
            var record = new SetWatchesRequest(LastZxid, Paths(WatchKind.Data), Paths(WatchKind.Exists), Paths(WatchKind.Child),
                version2 ? Paths(WatchKind.Persistent) : null, version2 ? Paths(WatchKind.PersistentRecursive) : null);
            return new PendingRequest<bool>(version2 ? OpCode.SetWatches2 : OpCode.SetWatches, record, null, Responses.Empty) { Xid = SpecialXid.SetWatches };
        }

        private async Task BackoffAsync(int round)
        {
            try
            {
                await ReconnectBackoff.DelayAsync(round, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Closing.
            }
        }

        /// <summary>A failed connect attempt fails what waits to be sent, so callers are not left hanging while no server answers.</summary>
        private void FailUnsent(Exception reason)
        {
            while (_outgoing.TryDequeue(out IPendingRequest? request))
            {
                Reject(request, ZooKeeperException.Create(ErrorCode.ConnectionLoss, request.Path, reason.Message, reason));
            }
        }

        private void FailQueued(Exception error)
        {
            while (_outgoing.TryDequeue(out IPendingRequest? request))
            {
                Reject(request, error);
            }
        }

        /// <summary>Fails a request that was never sent; a ping has no caller and is dropped.</summary>
        private void Reject(IPendingRequest request, Exception error)
        {
            if (request.Xid != SpecialXid.Ping)
            {
                request.SetFailure(error);
                Deliver(request);
            }
        }

        private Exception TerminalError()
        {
            lock (_gate)
            {
                return _terminalError ?? new ObjectDisposedException(nameof(ZooKeeperClient));
            }
        }

        /// <summary>Ends the session once: stops the loop, fails everything queued or in flight, drops watches.</summary>
        private void Terminate(ClientState state, Exception error)
        {
            ActiveConnection? connection;
            lock (_gate)
            {
                if (_state.IsTerminal())
                {
                    return;
                }
                _state = state;
                _terminalError = error;
                connection = _current;
                _current = null;
            }
            _stop.Cancel();
            _ended = true;
            connection?.Break(error, error);
            FailQueued(error);
            Watches.Clear();
            _firstConnection.TrySetException(error);
            ConnectionChange change = state == ClientState.Expired ? ConnectionChange.Expired
                : state == ClientState.AuthFailed ? ConnectionChange.AuthFailed : ConnectionChange.Closed;
            RaiseState(change, connection?.Server);
        }

        private void RaiseState(ConnectionChange change, HostPort? server)
        {
            var args = new ConnectionChangedEventArgs(change, State, server?.ToString());
            Dispatcher.Enqueue(() => OnStateChange(args));
        }
    }
}
