using System;
using System.Buffers.Binary;
using System.IO;
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
        // A session that only waits on its replies one at a time needs little; one whose reads fill
        // the buffer (bursts of replies) gets room for up to 64 KiB per read.
        private const int FirstChunkSize = 4 * 1024;
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
            // Not pooled: the connection's thread may still be reading when another thread tears the connection down.
            _buffer = new byte[FirstChunkSize];
        }

        /// <summary>
        /// The next frame's body (without its length), valid until the next call; waits for it on
        /// the calling thread. A frame already buffered (most of a burst of replies) costs no read.
        /// </summary>
        public ReadOnlyMemory<byte> ReadFrame()
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
                int room = _buffer.Length - _end;
                int read = _stream.Read(_buffer, _end, room);
                if (read == 0)
                {
                    throw new EndOfStreamException(
                        _end == _start ? "The server closed the connection." : "The server closed the connection in the middle of a frame.");
                }
                _end += read;
                if (read == room && _buffer.Length < ChunkSize)
                {
                    MakeRoom(_buffer.Length * 2);
                }
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
            byte[] target = count > _buffer.Length ? new byte[Math.Max(count, Math.Min(_buffer.Length * 2, ChunkSize))] : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, buffered);
            _buffer = target;
            _start = 0;
            _end = buffered;
        }
    }
}
