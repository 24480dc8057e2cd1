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

        /// <summary>The next frame's body (without its length); valid until the next call.</summary>
        public async ValueTask<ReadOnlyMemory<byte>> ReadFrameAsync(CancellationToken cancellationToken)
        {
            await FillAsync(4, cancellationToken).ConfigureAwait(false);
            int length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start));
            if (length < 0 || length > _maxFrameLength)
            {
                throw new ProtocolException($"Malformed frame: length {length} is outside 0..{_maxFrameLength}.");
            }
            await FillAsync(4 + length, cancellationToken).ConfigureAwait(false);
            var frame = new ReadOnlyMemory<byte>(_buffer, _start + 4, length);
            _start += 4 + length;
            return frame;
        }

        /// <summary>Ensures <paramref name="count"/> bytes are buffered from <see cref="_start"/>.</summary>
        private async ValueTask FillAsync(int count, CancellationToken cancellationToken)
        {
            if (_end - _start >= count)
            {
                return;
            }
            if (_start + count > _buffer.Length)
            {
                MakeRoom(count);
            }
            while (_end - _start < count)
            {
                int read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new EndOfStreamException(
                        _end == _start ? "The server closed the connection." : "The server closed the connection in the middle of a frame.");
                }
                _end += read;
            }
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
