using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client.Tests.FakeServer
{
    /// <summary>What one connection of the fake server does wrong (None: it behaves).</summary>
    public enum Misbehaviour
    {
        None,
        /// <summary>Handshake: answers with a frame whose 10-byte body of junk is too short for a ConnectResponse.</summary>
        GarbageConnectResponse,
        /// <summary>Handshake: answers with a length prefix of 3 and 3 bytes.</summary>
        ThreeByteConnectResponse,
        /// <summary>Sends the first 10 bytes of a valid reply frame, then closes the socket.</summary>
        TruncatedReplyThenEof,
        /// <summary>Replies with an xid the client never sent.</summary>
        UnknownXid,
        /// <summary>Answers the second held request before the first.</summary>
        OutOfOrderXid,
        /// <summary>Sends a frame length of 0x7FFFFFF0.</summary>
        OversizedLength,
        /// <summary>Sends a frame length of -5.</summary>
        NegativeLength,
        /// <summary>Stops reading and replying but keeps the socket open.</summary>
        Silent,
    }

    /// <summary>The script of one connection: what goes wrong, and after how many ordinary requests (held unanswered till then).</summary>
    internal sealed record ConnectionScript(Misbehaviour Misbehaviour, int AfterRequests)
    {
        public static readonly ConnectionScript Behave = new ConnectionScript(Misbehaviour.None, 0);

        public static ConnectionScript Misbehave(Misbehaviour misbehaviour, int afterRequests = 0) =>
            new ConnectionScript(misbehaviour, afterRequests);

        public bool IsHandshakeMisbehaviour =>
            Misbehaviour == Misbehaviour.GarbageConnectResponse || Misbehaviour == Misbehaviour.ThreeByteConnectResponse;
    }

    /// <summary>What the fake server saw on one connection, for the tests to await.</summary>
    internal sealed class FakeConnection
    {
        private readonly TaskCompletionSource<ReceivedConnectRequest> _handshake = NewSource<ReceivedConnectRequest>();
        private readonly TaskCompletionSource<bool> _misbehaved = NewSource<bool>();
        private readonly TaskCompletionSource<bool> _ended = NewSource<bool>();
        private readonly Channel<TimeSpan> _pings = Channel.CreateUnbounded<TimeSpan>();
        private readonly ConcurrentQueue<ReceivedRequest> _requests = new ConcurrentQueue<ReceivedRequest>();
        private readonly Stopwatch _sinceConnectResponse = new Stopwatch();

        public FakeConnection(int index, ConnectionScript script)
        {
            Index = index;
            Script = script;
        }

        public int Index { get; }

        public ConnectionScript Script { get; }

        /// <summary>The ConnectRequest the client sent.</summary>
        public Task<ReceivedConnectRequest> Handshake => _handshake.Task;

        /// <summary>Completes once the scripted misbehaviour has been sent.</summary>
        public Task Misbehaved => _misbehaved.Task;

        /// <summary>Completes when the connection is over (the client closed it, or the script closed it).</summary>
        public Task Ended => _ended.Task;

        /// <summary>One entry per ping received: the time since the ConnectResponse was sent.</summary>
        public ChannelReader<TimeSpan> Pings => _pings.Reader;

        /// <summary>Every request frame received after the handshake, in order.</summary>
        public IReadOnlyList<ReceivedRequest> Requests => _requests.ToArray();

        internal void OnHandshake(ReceivedConnectRequest request) => _handshake.TrySetResult(request);

        internal void OnConnectResponseSent() => _sinceConnectResponse.Start();

        internal void OnRequest(ReceivedRequest request)
        {
            _requests.Enqueue(request);
            if (request.Xid == SpecialXid.Ping)
            {
                _pings.Writer.TryWrite(_sinceConnectResponse.Elapsed);
            }
        }

        internal void OnMisbehaved() => _misbehaved.TrySetResult(true);

        internal void OnEnded()
        {
            _ended.TrySetResult(true);
            _pings.Writer.TryComplete();
        }

        private static TaskCompletionSource<T> NewSource<T>() =>
            new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// A scripted ZooKeeper server for tests: a listener on 127.0.0.1 (port 0) that takes connections
    /// one after another; connection i follows script i (connections past the scripts behave). It
    /// answers the handshake, pings, closeSession, getData and exists; everything else gets
    /// ZUNIMPLEMENTED.
    /// </summary>
    internal sealed class FakeZooKeeperServer : IAsyncDisposable
    {
        public const int NegotiatedTimeoutMs = 4000;
        public const long SessionId = 0x1F00_0000_0000_00ABL;
        public const long Zxid = 0x100;
        public static readonly byte[] Password = Enumerable.Range(1, 16).Select(i => (byte)(0xA0 + i)).ToArray();

        private readonly ConnectionScript[] _scripts;
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly object _gate = new object();
        private readonly List<TaskCompletionSource<FakeConnection>> _connections = new List<TaskCompletionSource<FakeConnection>>();
        private readonly List<TcpClient> _sockets = new List<TcpClient>();
        private readonly List<Task> _handlers = new List<Task>();
        private readonly ConcurrentQueue<Exception> _faults = new ConcurrentQueue<Exception>();
        private readonly Task _acceptLoop;
        private int _accepted;

        public FakeZooKeeperServer(params ConnectionScript[] scripts)
        {
            _scripts = scripts;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _acceptLoop = Task.Run(AcceptLoopAsync);
        }

        public int Port { get; }

        public string ConnectString => $"127.0.0.1:{Port}";

        public int ConnectionCount => Volatile.Read(ref _accepted);

        /// <summary>Unexpected server-side failures (for example a request frame the fake could not parse).</summary>
        public IReadOnlyList<Exception> Faults => _faults.ToArray();

        /// <summary>The data getData returns for a path.</summary>
        public static byte[] DataFor(string? path) => Encoding.UTF8.GetBytes("data:" + path);

        public static Stat StatFor(byte[] data) =>
            new Stat(czxid: 0x10, mzxid: 0x20, ctime: 1_700_000_000_000, mtime: 1_700_000_001_000, version: 1, cversion: 0,
                aversion: 0, ephemeralOwner: 0, dataLength: data.Length, numChildren: 0, pzxid: 0x10);

        /// <summary>Completes when connection <paramref name="index"/> (0-based) has been accepted.</summary>
        public Task<FakeConnection> Connection(int index) => Slot(index).Task;

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            Task[] running;
            lock (_gate)
            {
                foreach (TcpClient socket in _sockets)
                {
                    socket.Dispose();
                }
                running = _handlers.Append(_acceptLoop).ToArray();
            }
            await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            _stop.Dispose();
        }

        private TaskCompletionSource<FakeConnection> Slot(int index)
        {
            lock (_gate)
            {
                while (_connections.Count <= index)
                {
                    _connections.Add(new TaskCompletionSource<FakeConnection>(TaskCreationOptions.RunContinuationsAsynchronously));
                }
                return _connections[index];
            }
        }

        private async Task AcceptLoopAsync()
        {
            while (true)
            {
                TcpClient socket;
                try
                {
                    socket = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                socket.NoDelay = true;
                int index = Interlocked.Increment(ref _accepted) - 1;
                var connection = new FakeConnection(index, index < _scripts.Length ? _scripts[index] : ConnectionScript.Behave);
                lock (_gate)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        socket.Dispose();
                        return;
                    }
                    _sockets.Add(socket);
                    _handlers.Add(Task.Run(() => HandleAsync(socket, connection)));
                }
                Slot(index).TrySetResult(connection);
            }
        }

        private async Task HandleAsync(TcpClient socket, FakeConnection connection)
        {
            try
            {
                await RunScriptAsync(socket.GetStream(), connection, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException)
            {
                // The client (or the test's end) closed the connection.
            }
            catch (Exception ex)
            {
                _faults.Enqueue(ex);
            }
            finally
            {
                socket.Dispose();
                connection.OnEnded();
            }
        }

        private async Task RunScriptAsync(NetworkStream stream, FakeConnection connection, CancellationToken ct)
        {
            byte[]? hello = await FakeFrames.ReadFrameAsync(stream, ct).ConfigureAwait(false);
            if (hello == null)
            {
                return;
            }
            ReceivedConnectRequest connect = FakeFrames.ParseConnectRequest(hello);
            connection.OnHandshake(connect);
            ConnectionScript script = connection.Script;
            if (script.IsHandshakeMisbehaviour)
            {
                await MisbehaveAsync(stream, connection, new List<ReceivedRequest>(), ct).ConfigureAwait(false);
                return;
            }
            await stream.WriteAsync(FakeFrames.ConnectResponse(NegotiatedTimeoutMs, SessionId, Password, connect.ReadOnly.HasValue), ct).ConfigureAwait(false);
            connection.OnConnectResponseSent();

            var held = new List<ReceivedRequest>();
            while (true)
            {
                byte[]? body = await FakeFrames.ReadFrameAsync(stream, ct).ConfigureAwait(false);
                if (body == null)
                {
                    return;
                }
                ReceivedRequest request = FakeFrames.ParseRequest(body);
                connection.OnRequest(request);
                if (request.Xid == SpecialXid.Ping)
                {
                    await stream.WriteAsync(FakeFrames.HeaderOnlyReply(SpecialXid.Ping, Zxid, 0), ct).ConfigureAwait(false);
                    continue;
                }
                if (request.Op == OpCode.CloseSession)
                {
                    await stream.WriteAsync(FakeFrames.HeaderOnlyReply(request.Xid, Zxid, 0), ct).ConfigureAwait(false);
                    return;
                }
                if (script.Misbehaviour == Misbehaviour.None)
                {
                    await stream.WriteAsync(Answer(request), ct).ConfigureAwait(false);
                    continue;
                }
                held.Add(request);
                if (held.Count >= script.AfterRequests)
                {
                    await MisbehaveAsync(stream, connection, held, ct).ConfigureAwait(false);
                    return;
                }
            }
        }

        private static async Task MisbehaveAsync(NetworkStream stream, FakeConnection connection, List<ReceivedRequest> held, CancellationToken ct)
        {
            switch (connection.Script.Misbehaviour)
            {
                case Misbehaviour.GarbageConnectResponse:
                    byte[] junk = new byte[10];
                    new Random(20240229).NextBytes(junk);
                    await stream.WriteAsync(FakeFrames.LengthPrefix(junk.Length).Concat(junk).ToArray(), ct).ConfigureAwait(false);
                    break;
                case Misbehaviour.ThreeByteConnectResponse:
                    await stream.WriteAsync(FakeFrames.LengthPrefix(3).Concat(new byte[] { 0x01, 0x02, 0x03 }).ToArray(), ct).ConfigureAwait(false);
                    break;
                case Misbehaviour.TruncatedReplyThenEof:
                    await stream.WriteAsync(Answer(held[0]).AsMemory(0, 10), ct).ConfigureAwait(false);
                    connection.OnMisbehaved();
                    return; // The caller closes the socket.
                case Misbehaviour.UnknownXid:
                    int neverSent = held.Max(r => r.Xid) + 1000;
                    await stream.WriteAsync(Answer(held[0] with { Xid = neverSent }), ct).ConfigureAwait(false);
                    break;
                case Misbehaviour.OutOfOrderXid:
                    await stream.WriteAsync(Answer(held[1]).Concat(Answer(held[0])).ToArray(), ct).ConfigureAwait(false);
                    break;
                case Misbehaviour.OversizedLength:
                    await stream.WriteAsync(FakeFrames.LengthPrefix(0x7FFFFFF0).Concat(new byte[16]).ToArray(), ct).ConfigureAwait(false);
                    break;
                case Misbehaviour.NegativeLength:
                    await stream.WriteAsync(FakeFrames.LengthPrefix(-5).Concat(new byte[16]).ToArray(), ct).ConfigureAwait(false);
                    break;
                case Misbehaviour.Silent:
                    connection.OnMisbehaved();
                    await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                    return;
                default:
                    throw new InvalidOperationException($"Not a misbehaviour: {connection.Script.Misbehaviour}.");
            }
            connection.OnMisbehaved();
            // Discard whatever follows until the client gives up on the connection.
            while (await FakeFrames.ReadFrameAsync(stream, ct).ConfigureAwait(false) != null)
            {
            }
        }

        /// <summary>The well-behaved reply to an ordinary request.</summary>
        private static byte[] Answer(ReceivedRequest request)
        {
            switch (request.Op)
            {
                case OpCode.GetData:
                    byte[] data = DataFor(request.Path);
                    return FakeFrames.GetDataReply(request.Xid, Zxid, data, StatFor(data));
                case OpCode.Exists:
                    return FakeFrames.StatReply(request.Xid, Zxid, StatFor(DataFor(request.Path)));
                default:
                    return FakeFrames.HeaderOnlyReply(request.Xid, Zxid, (int)ErrorCode.Unimplemented);
            }
        }
    }
}
