using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation.Provider;
using PSZookeeper.Core;

namespace PSZookeeper.Provider
{
    /// <summary>
    /// Get-Content on a znode: the data read once, as lines of UTF-8 text (like a file: a final
    /// newline ends the last line), as one string with -Raw, or as bytes.
    /// </summary>
    internal sealed class ZKContentReader : IContentReader
    {
        private readonly List<object> _items;
        private int _position;

        public ZKContentReader(byte[]? data, bool bytes, bool raw)
        {
            _items = new List<object>();
            if (bytes)
            {
                if (raw)
                {
                    _items.Add(data ?? new byte[0]);
                }
                else if (data != null)
                {
                    foreach (byte b in data)
                    {
                        _items.Add(b);
                    }
                }
            }
            else if (data != null && data.Length > 0)
            {
                string text = DataCodec.DecodeText(data)!;
                if (raw)
                {
                    _items.Add(text);
                }
                else
                {
                    _items.AddRange(Lines(text));
                }
            }
        }

        public IList Read(long readCount)
        {
            int count = readCount <= 0 ? _items.Count - _position : (int)Math.Min(readCount, _items.Count - _position);
            List<object> slice = _items.GetRange(_position, count);
            _position += count;
            return slice;
        }

        public void Seek(long offset, SeekOrigin origin)
        {
            long target = origin == SeekOrigin.Begin ? offset : origin == SeekOrigin.End ? _items.Count + offset : _position + offset;
            _position = (int)Math.Max(0, Math.Min(_items.Count, target));
        }

        public void Close()
        {
        }

        public void Dispose()
        {
        }

        private static IEnumerable<string> Lines(string text)
        {
            string[] lines = text.Split('\n');
            int count = text.EndsWith("\n", StringComparison.Ordinal) ? lines.Length - 1 : lines.Length;
            for (int i = 0; i < count; i++)
            {
                yield return lines[i].EndsWith("\r", StringComparison.Ordinal) ? lines[i].Substring(0, lines[i].Length - 1) : lines[i];
            }
        }
    }
}
