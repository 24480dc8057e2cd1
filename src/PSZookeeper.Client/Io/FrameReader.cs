using System;
using System.Buffers.Binary;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// Splits a stream into length-prefixed frames. Reads in large chunks so a burst of replies
    /// costs one syscall, and checks every length before buffering: a negative or oversized
    /// length is a <see cref="ProtocolException"/>, never a huge allocation.
    /// </summary>
    internal sealed class FrameReader
    {
        private const int ChunkSize = 64 * 1024;
        private readonly Stream _stream;
        private readonly int _maxFrameLength;
        private byte[] _buffer;
        private int _start;
        private int _end;

        public FrameReader(Stream stream, int maxFrameLength)
        {
            _stream = stream;
            _maxFrameLength = maxFrameLength;
            // Not pooled: a read may still be running when the connection is torn down from another thread.
            _buffer = new byte[ChunkSize];
        }

        /// <summary>
        /// The next frame's body (without its length); valid until the next call. A frame already
        /// buffered (most of a burst of replies) is returned without an await, so without the
        /// allocation of an async method's state; only a frame that needs a read takes the async path.
        /// </summary>
        public ValueTask<ReadOnlyMemory<byte>> ReadFrameAsync(CancellationToken cancellationToken) =>
            TryTakeFrame(out ReadOnlyMemory<byte> frame)
                ? new ValueTask<ReadOnlyMemory<byte>>(frame)
                : ReadUntilFrameAsync(cancellationToken);

        private async ValueTask<ReadOnlyMemory<byte>> ReadUntilFrameAsync(CancellationToken cancellationToken)
        {
            ReadOnlyMemory<byte> frame;
            while (!TryTakeFrame(out frame))
            {
                if (_start == _end)
                {
                    // All consumed: read from the front again, with no bytes to move.
                    _start = _end = 0;
                }
                else if (_end == _buffer.Length)
                {
                    MakeRoom(_end - _start < 4 ? 4 : 4 + FrameLength());
                }
                int read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new EndOfStreamException(
                        _end == _start ? "The server closed the connection." : "The server closed the connection in the middle of a frame.");
                }
                _end += read;
            }
            return frame;
        }

        /// <summary>Takes the next frame when it is buffered whole; checks its length as soon as the length is in.</summary>
        private bool TryTakeFrame(out ReadOnlyMemory<byte> frame)
        {
            frame = default;
            if (_end - _start < 4)
            {
                return false;
            }
            int length = FrameLength();
            if (_end - _start < 4 + length)
            {
                return false;
            }
            frame = new ReadOnlyMemory<byte>(_buffer, _start + 4, length);
            _start += 4 + length;
            return true;
        }

        private int FrameLength()
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start));
            if (length < 0 || length > _maxFrameLength)
            {
                throw new ProtocolException($"Malformed frame: length {length} is outside 0..{_maxFrameLength}.");
            }
            return length;
        }

        private void MakeRoom(int count)
        {
            int buffered = _end - _start;
            byte[] target = count > _buffer.Length ? new byte[Math.Max(count, ChunkSize)] : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, buffered);
            _buffer = target;
            _start = 0;
            _end = buffered;
        }
    }
}
