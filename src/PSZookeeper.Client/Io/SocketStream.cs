using System;
using System.IO;
using System.Net.Sockets;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// A blocking stream over a non-blocking socket that never hands the socket to the runtime's
    /// asynchronous socket engine: a read or write is tried first and, when the socket is not
    /// ready, its thread waits in <see cref="Socket.Poll(int, SelectMode)"/>. A reply then wakes
    /// the connection's own thread directly, not the runtime's event thread and then a pool
    /// thread (docs/performance.md). Closing the socket (shutdown) ends every wait.
    /// </summary>
    internal sealed class SocketStream : Stream
    {
        /// <summary>How long one wait lasts before it looks again whether the stream was closed.</summary>
        private const int WaitSliceMicroseconds = 500_000;
        private readonly Socket _socket;
        private volatile bool _closed;

        public SocketStream(Socket socket)
        {
            _socket = socket;
        }

        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        /// <summary>Waits until some bytes arrive; 0 when the server has closed the connection.</summary>
        public override int Read(byte[] buffer, int offset, int count)
        {
            while (true)
            {
                int read = _socket.Receive(buffer, offset, count, SocketFlags.None, out SocketError error);
                if (error == SocketError.Success)
                {
                    return read;
                }
                ThrowUnlessWouldBlock(error);
                WaitFor(SelectMode.SelectRead);
            }
        }

        /// <summary>Writes every byte, waiting while the socket's send buffer is full.</summary>
        public override void Write(byte[] buffer, int offset, int count)
        {
            while (count > 0)
            {
                int sent = _socket.Send(buffer, offset, count, SocketFlags.None, out SocketError error);
                if (error == SocketError.Success)
                {
                    offset += sent;
                    count -= sent;
                    continue;
                }
                ThrowUnlessWouldBlock(error);
                WaitFor(SelectMode.SelectWrite);
            }
        }

        /// <summary>Writes what the socket's send buffer takes at once and returns the byte count: never waits.</summary>
        public int WriteNow(byte[] buffer, int offset, int count)
        {
            int sent = _socket.Send(buffer, offset, count, SocketFlags.None, out SocketError error);
            if (error == SocketError.Success)
            {
                return sent;
            }
            ThrowUnlessWouldBlock(error);
            return 0;
        }

        public override void Flush()
        {
            // Every write goes straight to the socket.
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _closed = true;
                _socket.Dispose();
            }
            base.Dispose(disposing);
        }

        private void WaitFor(SelectMode mode)
        {
            while (!_socket.Poll(WaitSliceMicroseconds, mode))
            {
                if (_closed)
                {
                    throw new ObjectDisposedException(nameof(SocketStream), "The connection was closed.");
                }
            }
        }

        private static void ThrowUnlessWouldBlock(SocketError error)
        {
            if (error != SocketError.WouldBlock)
            {
                throw new IOException($"The connection failed: {new SocketException((int)error).Message}", new SocketException((int)error));
            }
        }
    }
}
