using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace PSZookeeper.Client.Jute
{
    /// <summary>
    /// Appends jute-encoded values (big-endian, length-prefixed) to a growable buffer rented
    /// from the shared pool. One writer is reused for many frames, so steady-state encoding
    /// allocates nothing.
    /// </summary>
    internal sealed class JuteWriter : IDisposable
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);
        private byte[] _buffer;
        private int _position;

        public JuteWriter(int initialCapacity = 4096)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        }

        /// <summary>Bytes written so far.</summary>
        public int Length => _position;

        /// <summary>The encoded bytes; valid until the next write or <see cref="Reset"/>.</summary>
        public ReadOnlyMemory<byte> Written => new ReadOnlyMemory<byte>(_buffer, 0, _position);

        /// <summary>The encoded bytes as an array segment, for socket sends.</summary>
        public ArraySegment<byte> WrittenSegment => new ArraySegment<byte>(_buffer, 0, _position);

        public byte[] ToArray() => Written.ToArray();

        public void Reset() => _position = 0;

        public void WriteInt(int value)
        {
            Ensure(4);
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_position), value);
            _position += 4;
        }

        public void WriteLong(long value)
        {
            Ensure(8);
            BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_position), value);
            _position += 8;
        }

        public void WriteBool(bool value)
        {
            Ensure(1);
            _buffer[_position++] = value ? (byte)1 : (byte)0;
        }

        /// <summary>A null buffer is length -1 on the wire, distinct from an empty one.</summary>
        public void WriteBuffer(byte[]? value)
        {
            if (value == null)
            {
                WriteInt(-1);
                return;
            }
            WriteBuffer(value.AsSpan());
        }

        public void WriteBuffer(ReadOnlySpan<byte> value)
        {
            WriteInt(value.Length);
            Ensure(value.Length);
            value.CopyTo(_buffer.AsSpan(_position));
            _position += value.Length;
        }

        /// <summary>A null string is length -1 on the wire, distinct from an empty one.</summary>
        public void WriteString(string? value)
        {
            if (value == null)
            {
                WriteInt(-1);
                return;
            }
            int maxBytes = Utf8.GetMaxByteCount(value.Length);
            Ensure(4 + maxBytes);
            int count = GetUtf8Bytes(value, _position + 4);
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_position), count);
            _position += 4 + count;
        }

        public void WriteStringList(IReadOnlyList<string>? values)
        {
            if (values == null)
            {
                WriteInt(-1);
                return;
            }
            WriteInt(values.Count);
            for (int i = 0; i < values.Count; i++)
            {
                WriteString(values[i]);
            }
        }

        public void WriteList<T>(IReadOnlyList<T>? values, Action<JuteWriter, T> writeItem)
        {
            if (values == null)
            {
                WriteInt(-1);
                return;
            }
            WriteInt(values.Count);
            for (int i = 0; i < values.Count; i++)
            {
                writeItem(this, values[i]);
            }
        }

        /// <summary>Reserves an int (a frame length) to be filled in by <see cref="PatchInt"/>.</summary>
        public int ReserveInt()
        {
            int at = _position;
            WriteInt(0);
            return at;
        }

        public void PatchInt(int offset, int value) =>
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(offset), value);

        public void Dispose()
        {
            byte[] buffer = _buffer;
            _buffer = Array.Empty<byte>();
            _position = 0;
            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private unsafe int GetUtf8Bytes(string value, int offset)
        {
            fixed (char* chars = value)
            fixed (byte* bytes = &_buffer[0])
            {
                return Utf8.GetBytes(chars, value.Length, bytes + offset, _buffer.Length - offset);
            }
        }

        private void Ensure(int extra)
        {
            int needed = _position + extra;
            if (needed <= _buffer.Length)
            {
                return;
            }
            int size = Math.Max(needed, _buffer.Length * 2);
            byte[] bigger = ArrayPool<byte>.Shared.Rent(size);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _position);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
    }
}
