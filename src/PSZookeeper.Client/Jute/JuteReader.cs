using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Client.Jute
{
    /// <summary>
    /// Reads jute-encoded values from one received frame. Every length is checked against
    /// what is left of the frame before anything is allocated, so a hostile or corrupt frame
    /// raises <see cref="ProtocolException"/> instead of a huge allocation or an overrun.
    /// </summary>
    internal ref struct JuteReader
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);
        private readonly ReadOnlySpan<byte> _data;
        private int _position;

        public JuteReader(ReadOnlySpan<byte> data)
        {
            _data = data;
            _position = 0;
        }

        public int Position => _position;

        public int Remaining => _data.Length - _position;

        public int ReadInt()
        {
            Need(4, "int");
            int value = BinaryPrimitives.ReadInt32BigEndian(_data.Slice(_position));
            _position += 4;
            return value;
        }

        public long ReadLong()
        {
            Need(8, "long");
            long value = BinaryPrimitives.ReadInt64BigEndian(_data.Slice(_position));
            _position += 8;
            return value;
        }

        public bool ReadBool()
        {
            Need(1, "bool");
            return _data[_position++] != 0;
        }

        /// <summary>Length -1 decodes to null, as the Java archive does.</summary>
        public byte[]? ReadBuffer()
        {
            int length = ReadLength("buffer", 1);
            if (length < 0)
            {
                return null;
            }
            byte[] value = _data.Slice(_position, length).ToArray();
            _position += length;
            return value;
        }

        public string? ReadString()
        {
            int length = ReadLength("string", 1);
            if (length < 0)
            {
                return null;
            }
            string value = GetString(_data.Slice(_position, length));
            _position += length;
            return value;
        }

        public List<string>? ReadStringList()
        {
            // Each element takes at least its 4-byte length, which bounds the count.
            int count = ReadLength("string vector", 4);
            if (count < 0)
            {
                return null;
            }
            var list = new List<string>(count);
            for (int i = 0; i < count; i++)
            {
                list.Add(ReadString()!);
            }
            return list;
        }

        /// <summary>Reads a vector count; <paramref name="minItemSize"/> bounds it by the bytes left.</summary>
        public int ReadVectorCount(string what, int minItemSize) => ReadLength(what, minItemSize);

        public void Skip(int count)
        {
            Need(count, "skipped bytes");
            _position += count;
        }

        private int ReadLength(string what, int minItemSize)
        {
            int length = ReadInt();
            if (length == -1)
            {
                return -1;
            }
            if (length < 0)
            {
                throw new ProtocolException($"Malformed frame: negative {what} length {length}.");
            }
            if ((long)length * minItemSize > Remaining)
            {
                throw new ProtocolException(
                    $"Malformed frame: {what} length {length} exceeds the {Remaining} bytes left.");
            }
            return length;
        }

        private void Need(int count, string what)
        {
            if (count > Remaining)
            {
                throw new ProtocolException(
                    $"Malformed frame: truncated {what} at offset {_position} ({Remaining} bytes left).");
            }
        }

        private static unsafe string GetString(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length == 0)
            {
                return string.Empty;
            }
            fixed (byte* p = bytes)
            {
                return Utf8.GetString(p, bytes.Length);
            }
        }
    }
}
