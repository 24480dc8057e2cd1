using System;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Client.Io
{
    /// <summary>One TCP connection to one server: connect, write bytes, read frames, abort.</summary>
    internal sealed class Transport : IDisposable
    {
        private readonly Socket _socket;
        private readonly Stream _stream;
        private readonly FrameReader _frames;
        private int _disposed;
        private string? _closedAfterHandshakeHint;

        private Transport(HostPort server, Socket socket, Stream stream, int maxFrameLength)
        {
            Server = server;
            _socket = socket;
            _stream = stream;
            _frames = new FrameReader(stream, maxFrameLength);
        }

        public HostPort Server { get; }

        /// <summary>
        /// Connects to <paramref name="server"/> and, when <paramref name="tls"/> is set, runs the TLS
        /// handshake; both together are bounded by <paramref name="timeout"/>. A TLS failure is an
        /// <see cref="System.Security.Authentication.AuthenticationException"/> naming the reason;
        /// there is never a fallback to plain text.
        /// </summary>
        public static async Task<Transport> ConnectAsync(HostPort server, TimeSpan timeout, int maxFrameLength,
            ZooKeeperTlsOptions? tls, CancellationToken cancellationToken)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            Stream? stream = null;
            try
            {
                using (var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeoutCts.CancelAfter(timeout);
                    using (timeoutCts.Token.Register(() => socket.Dispose()))
                    {
                        string step = "Connecting to";
                        try
                        {
                            await socket.ConnectAsync(server.Host, server.Port).ConfigureAwait(false);
                            stream = new NetworkStream(socket, ownsSocket: true);
                            if (tls != null)
                            {
                                step = "The TLS handshake with";
                                stream = await TlsHandshake.AuthenticateAsync(stream, server, tls).ConfigureAwait(false);
                            }
                        }
                        catch (Exception ex) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                        {
                            throw new TimeoutException($"{step} {server} timed out after {timeout.TotalMilliseconds:0} ms.", ex);
                        }
                    }
                }
                // Only WriteNow writes on the socket itself, and it must never block; the stream's
                // asynchronous reads and writes do not depend on this mode. Set after the stream
                // exists, as a NetworkStream refuses a non-blocking socket.
                socket.Blocking = false;
                var transport = new Transport(server, socket, stream!, maxFrameLength);
                if (tls != null)
                {
                    transport._closedAfterHandshakeHint = TlsHandshake.ClosedAfterHandshakeHint(tls);
                }
                return transport;
            }
            catch
            {
                stream?.Dispose();
                socket.Dispose();
                throw;
            }
        }

        public Task WriteAsync(ArraySegment<byte> bytes, CancellationToken cancellationToken) =>
            _stream.WriteAsync(bytes.Array!, bytes.Offset, bytes.Count, cancellationToken);

        /// <summary>
        /// Writes what the socket buffer takes at once, on the calling thread, and returns the byte
        /// count: never blocks. 0 over TLS, whose stream has no such write; the caller then uses
        /// <see cref="WriteAsync"/> for the rest.
        /// </summary>
        public int WriteNow(ArraySegment<byte> bytes)
        {
            if (_stream is SslStream)
            {
                return 0;
            }
            int sent = _socket.Send(bytes.Array!, bytes.Offset, bytes.Count, SocketFlags.None, out SocketError error);
            if (error == SocketError.WouldBlock)
            {
                return 0;
            }
            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }
            return sent;
        }

        public ValueTask<ReadOnlyMemory<byte>> ReadFrameAsync(CancellationToken cancellationToken) =>
            _closedAfterHandshakeHint == null ? _frames.ReadFrameAsync(cancellationToken) : ReadFirstTlsFrameAsync(cancellationToken);

        /// <summary>
        /// The first read over TLS: a TLS 1.3 server checks the client certificate only after the
        /// client considers the handshake done, so a refusal shows up here as a closed connection.
        /// </summary>
        private async ValueTask<ReadOnlyMemory<byte>> ReadFirstTlsFrameAsync(CancellationToken cancellationToken)
        {
            string hint = _closedAfterHandshakeHint!;
            _closedAfterHandshakeHint = null;
            try
            {
                return await _frames.ReadFrameAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException || ex is System.Security.Authentication.AuthenticationException)
            {
                throw new System.Security.Authentication.AuthenticationException(
                    $"The server {Server} closed the TLS connection before answering: {hint}. ({ex.Message})", ex);
            }
        }

        /// <summary>Closes the socket; pending reads and writes fail at once.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already reset by the peer: nothing left to shut down.
            }
            catch (ObjectDisposedException)
            {
                // Closed by a connect timeout.
            }
            _stream.Dispose();
        }
    }
}
