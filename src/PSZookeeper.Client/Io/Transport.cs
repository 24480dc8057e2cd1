using System;
using System.IO;
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

        private Transport(HostPort server, Socket socket, Stream stream, int maxFrameLength)
        {
            Server = server;
            _socket = socket;
            _stream = stream;
            _frames = new FrameReader(stream, maxFrameLength);
        }

        public HostPort Server { get; }

        public static async Task<Transport> ConnectAsync(HostPort server, TimeSpan timeout, int maxFrameLength, CancellationToken cancellationToken)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using (var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeoutCts.CancelAfter(timeout);
                    using (timeoutCts.Token.Register(() => socket.Dispose()))
                    {
                        try
                        {
                            await socket.ConnectAsync(server.Host, server.Port).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                        {
                            throw new TimeoutException($"Connecting to {server} timed out after {timeout.TotalMilliseconds:0} ms.", ex);
                        }
                    }
                }
                return new Transport(server, socket, new NetworkStream(socket, ownsSocket: true), maxFrameLength);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        public Task WriteAsync(ArraySegment<byte> bytes, CancellationToken cancellationToken) =>
            _stream.WriteAsync(bytes.Array!, bytes.Offset, bytes.Count, cancellationToken);

        public ValueTask<ReadOnlyMemory<byte>> ReadFrameAsync(CancellationToken cancellationToken) =>
            _frames.ReadFrameAsync(cancellationToken);

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
