using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// One TCP connection to one server, with a thread of its own (<see cref="ConnectionThreads"/>)
    /// that connects, runs the TLS handshake and then reads frames until the connection ends, handing each to the attached
    /// <see cref="IFrameSink"/>. The thread does blocking I/O on a socket the runtime's event
    /// thread never sees, as the Java and C clients do: a reply wakes it directly, with no hop
    /// through the runtime's socket engine and the thread pool (docs/performance.md).
    /// </summary>
    internal sealed class Transport : IDisposable
    {
        private readonly ZooKeeperTlsOptions? _tls;
        private readonly int _maxFrameLength;
        private readonly TaskCompletionSource<Transport> _connected = new TaskCompletionSource<Transport>();
        private readonly object _sinkGate = new object();
        private IFrameSink? _sink;
        private Socket? _socket;
        private Stream? _stream;
        private Exception? _closeReason;
        private volatile bool _closed;
        // What the thread is doing, for a timeout's message.
        private volatile string _step = "Connecting to";

        private Transport(HostPort server, int maxFrameLength, ZooKeeperTlsOptions? tls)
        {
            Server = server;
            _maxFrameLength = maxFrameLength;
            _tls = tls;
        }

        public HostPort Server { get; }

        /// <summary>
        /// Connects to <paramref name="server"/> and, when <paramref name="tls"/> is set, runs the TLS
        /// handshake; both together are bounded by <paramref name="timeout"/>. A TLS failure is an
        /// <see cref="System.Security.Authentication.AuthenticationException"/> naming the reason;
        /// there is never a fallback to plain text. The task completes on the connection's thread,
        /// so code awaiting it runs there until its next await and must not block.
        /// </summary>
        public static Task<Transport> ConnectAsync(HostPort server, TimeSpan timeout, int maxFrameLength,
            ZooKeeperTlsOptions? tls, CancellationToken cancellationToken)
        {
            var transport = new Transport(server, maxFrameLength, tls);
            ConnectionThreads.Shared.Run(() => transport.Run(timeout));
            var timer = new CancellationTokenSource(timeout);
            CancellationTokenRegistration onTimeout = timer.Token.Register(() =>
                transport.Close(new TimeoutException($"{transport._step} {server} timed out after {timeout.TotalMilliseconds:0} ms.")));
            CancellationTokenRegistration onCancel = cancellationToken.Register(() =>
                transport.Close(new OperationCanceledException(cancellationToken)));
            transport._connected.Task.ContinueWith(_ =>
            {
                onTimeout.Dispose();
                onCancel.Dispose();
                timer.Dispose();
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return transport._connected.Task;
        }

        /// <summary>
        /// From now on every frame goes to <paramref name="sink"/>, and so does the end of the
        /// connection; a sink attached after the end is told at once.
        /// </summary>
        public void Attach(IFrameSink sink)
        {
            Exception? closedWith = null;
            lock (_sinkGate)
            {
                if (_closed)
                {
                    closedWith = _closeReason ?? new ObjectDisposedException(nameof(Transport), "The connection was closed.");
                }
                else
                {
                    _sink = sink;
                    Monitor.PulseAll(_sinkGate);
                }
            }
            if (closedWith != null)
            {
                sink.OnClosed(closedWith);
            }
        }

        /// <summary>
        /// The next frame, decoded by <paramref name="parse"/> on the connection's thread; the task
        /// completes there too. For the handshake's reply, before anything is attached for good.
        /// </summary>
        public Task<T> ReadOneFrameAsync<T>(FrameParser<T> parse)
        {
            var once = new OneFrame<T>(this, parse);
            Attach(once);
            return once.Task;
        }

        /// <summary>Writes every byte, waiting while the socket's send buffer is full. One writer at a time.</summary>
        public void Write(ArraySegment<byte> bytes) => Stream.Write(bytes.Array!, bytes.Offset, bytes.Count);

        /// <summary>
        /// Writes what the socket buffer takes at once, on the calling thread, and returns the byte
        /// count: never blocks. 0 over TLS, whose stream has no such write; the caller then uses
        /// <see cref="Write"/> for the rest.
        /// </summary>
        public int WriteNow(ArraySegment<byte> bytes) =>
            Stream is SocketStream plain ? plain.WriteNow(bytes.Array!, bytes.Offset, bytes.Count) : 0;

        /// <summary>Closes the socket; pending reads and writes fail at once.</summary>
        public void Dispose() => Close(null);

        /// <summary>Closes the socket, giving <paramref name="reason"/> as the cause to whoever waits on the connection.</summary>
        public void Close(Exception? reason)
        {
            Socket? socket;
            Stream? stream;
            lock (_sinkGate)
            {
                if (_closed)
                {
                    return;
                }
                _closeReason = reason;
                _closed = true;
                socket = _socket;
                stream = _stream;
                Monitor.PulseAll(_sinkGate);
            }
            _connected.TrySetException(reason ?? new ObjectDisposedException(nameof(Transport), "The connection was closed."));
            if (socket == null)
            {
                // Still connecting: the connector sees _closed between its waits.
                return;
            }
            try
            {
                // Wakes the thread's wait in poll, which closing alone would not.
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already reset by the peer: nothing left to shut down.
            }
            catch (ObjectDisposedException)
            {
                // Closed already.
            }
            if (stream != null)
            {
                stream.Dispose();
            }
            else
            {
                // Between connect and TLS: the thread disposes the stream it is building when it sees _closed.
                socket.Dispose();
            }
        }

        private Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(Transport), "The connection is not open.");

        /// <summary>The connection's thread: connect and TLS, then frames until the connection ends.</summary>
        private void Run(TimeSpan timeout)
        {
            try
            {
                Open(timeout);
            }
            catch (Exception ex)
            {
                Close(ex);
                return;
            }
            // Completes inline: the session's handshake code runs on this thread until its next await.
            _connected.TrySetResult(this);
            ReadFrames();
        }

        private void Open(TimeSpan timeout)
        {
            Socket socket = SocketConnector.Connect(Server, timeout, () => _closed);
            lock (_sinkGate)
            {
                if (_closed)
                {
                    socket.Dispose();
                    throw _closeReason ?? new ObjectDisposedException(nameof(Transport));
                }
                _socket = socket;
            }
            Stream stream = new SocketStream(socket);
            if (_tls != null)
            {
                _step = "The TLS handshake with";
                stream = TlsHandshake.Authenticate(stream, Server, _tls);
            }
            lock (_sinkGate)
            {
                if (_closed)
                {
                    stream.Dispose();
                    throw _closeReason ?? new ObjectDisposedException(nameof(Transport));
                }
                _stream = stream;
            }
        }

        private void ReadFrames()
        {
            var frames = new FrameReader(_stream!, _maxFrameLength);
            bool anyFrame = false;
            try
            {
                while (true)
                {
                    ReadOnlySpan<byte> frame = frames.ReadFrame().Span;
                    anyFrame = true;
                    WaitForSink().OnFrame(frame);
                }
            }
            catch (Exception ex)
            {
                Exception reason = _closeReason ?? (_tls != null && !anyFrame ? ClosedAfterTlsHandshake(ex) : ex);
                Close(reason);
                // Nobody attached: the one-frame reader that let go had its answer already, and a
                // sink attached from now on hears of the end from Attach.
                AttachedSink()?.OnClosed(reason);
            }
        }

        private IFrameSink WaitForSink()
        {
            lock (_sinkGate)
            {
                // Nothing is attached only between the handshake's reply and the session attaching
                // the connection, before any request is written: the server has nothing to send.
                while (_sink == null && !_closed)
                {
                    Monitor.Wait(_sinkGate);
                }
                return _sink ?? throw new ObjectDisposedException(nameof(Transport), "The connection was closed.");
            }
        }

        private IFrameSink? AttachedSink()
        {
            lock (_sinkGate)
            {
                return _sink;
            }
        }

        private void Detach(IFrameSink sink)
        {
            lock (_sinkGate)
            {
                if (_sink == sink)
                {
                    _sink = null;
                }
            }
        }

        /// <summary>
        /// A TLS 1.3 server checks the client certificate only after the client considers the
        /// handshake done, so a refusal shows up on the first read as a closed connection.
        /// </summary>
        private Exception ClosedAfterTlsHandshake(Exception ex) =>
            ex is IOException || ex is System.Security.Authentication.AuthenticationException
                ? new System.Security.Authentication.AuthenticationException(
                    $"The server {Server} closed the TLS connection before answering: {TlsHandshake.ClosedAfterHandshakeHint(_tls!)}. ({ex.Message})", ex)
                : ex;

        /// <summary>Takes one frame and lets go, so the next is held until a sink is attached for good.</summary>
        private sealed class OneFrame<T> : IFrameSink
        {
            private readonly Transport _transport;
            private readonly FrameParser<T> _parse;
            // Continuations run inline, on the connection's thread: they are the session's own code.
            private readonly TaskCompletionSource<T> _result = new TaskCompletionSource<T>();

            public OneFrame(Transport transport, FrameParser<T> parse)
            {
                _transport = transport;
                _parse = parse;
            }

            public Task<T> Task => _result.Task;

            public void OnFrame(ReadOnlySpan<byte> frame)
            {
                _transport.Detach(this);
                T value;
                try
                {
                    value = _parse(frame);
                }
                catch (Exception ex)
                {
                    _result.TrySetException(ex);
                    throw;
                }
                _result.TrySetResult(value);
            }

            public void OnClosed(Exception reason) => _result.TrySetException(reason);
        }
    }

    /// <summary>Decodes one frame's body.</summary>
    internal delegate T FrameParser<T>(ReadOnlySpan<byte> frame);
}
