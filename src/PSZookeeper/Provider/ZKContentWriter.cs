using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Provider;
using System.Threading;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Core;

namespace PSZookeeper.Provider
{
    /// <summary>
    /// Set-Content / Add-Content on a znode. A znode is written whole, so the writer collects what
    /// the cmdlet writes and sets the data once, on Close: text lines joined with "\n" (no final
    /// newline, so Set-Content zk:/a 'x' stores exactly "x"), or bytes. Add-Content seeks to the
    /// end first, which appends to the current data (text on a new line). A missing node is
    /// created (persistent); its parent must exist.
    /// </summary>
    internal sealed class ZKContentWriter : IContentWriter
    {
        private readonly ZooKeeperClient _client;
        private readonly string _path;
        private readonly bool _bytes;
        private readonly List<string> _lines = new List<string>();
        private readonly List<byte> _data = new List<byte>();
        private bool _append;
        private bool _closed;

        public ZKContentWriter(ZooKeeperClient client, string path, bool bytes)
        {
            _client = client;
            _path = path;
            _bytes = bytes;
        }

        public IList Write(IList content)
        {
            foreach (object? raw in content)
            {
                object? item = raw is PSObject pso ? pso.BaseObject : raw;
                if (!_bytes)
                {
                    _lines.Add(item?.ToString() ?? string.Empty);
                }
                else if (item is byte b)
                {
                    _data.Add(b);
                }
                else if (item is byte[] bytes)
                {
                    _data.AddRange(bytes);
                }
                else
                {
                    throw new ArgumentException($"With -AsByteStream (or -Encoding Byte), the value must be bytes, not {item?.GetType().Name ?? "null"}.");
                }
            }
            return content;
        }

        public void Seek(long offset, SeekOrigin origin)
        {
            if (origin != SeekOrigin.End || offset != 0)
            {
                throw new NotSupportedException("A znode is written whole: only Add-Content's seek to the end is supported.");
            }
            _append = true;
        }

        public void Close()
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            byte[] data = _bytes ? _data.ToArray() : DataCodec.EncodeText(string.Join("\n", _lines));
            NodeData? current = Read();
            if (_append && current?.Data != null && current.Data.Length > 0)
            {
                byte[] separator = !_bytes && _lines.Count > 0 ? new[] { (byte)'\n' } : new byte[0];
                var joined = new byte[current.Data.Length + separator.Length + data.Length];
                Buffer.BlockCopy(current.Data, 0, joined, 0, current.Data.Length);
                Buffer.BlockCopy(separator, 0, joined, current.Data.Length, separator.Length);
                Buffer.BlockCopy(data, 0, joined, current.Data.Length + separator.Length, data.Length);
                data = joined;
            }
            if (current == null)
            {
                TaskWaiter.Wait(_client.CreateAsync(_path, data), CancellationToken.None);
            }
            else
            {
                // An append writes at the version it read, so a concurrent write is never lost silently.
                TaskWaiter.Wait(_client.SetDataAsync(_path, data, _append ? current.Stat.Version : -1), CancellationToken.None);
            }
        }

        public void Dispose() => Close();

        private NodeData? Read()
        {
            try
            {
                return TaskWaiter.Wait(_client.GetDataAsync(_path), CancellationToken.None);
            }
            catch (NoNodeException)
            {
                return null;
            }
        }
    }
}
