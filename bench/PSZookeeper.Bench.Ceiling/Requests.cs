using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace PSZookeeper.Bench.Ceiling
{
    /// <summary>One request's op code and record, without its header (the connection adds the xid).</summary>
    internal sealed record Request(int OpCode, byte[] Record);

    /// <summary>The records of the workloads' requests, in ZooKeeper's jute layout (big-endian).</summary>
    internal static class Requests
    {
        private const int OpCreate = 1, OpDelete = 2, OpGetData = 4, OpSetData = 5, OpMulti = 14;
        private const int PermsAll = 31;

        public static Request Create(string path, byte[] data) => new(OpCreate, Encode(w => WriteCreate(w, path, data)));

        public static Request GetData(string path) => new(OpGetData, Encode(w =>
        {
            WriteString(w, path);
            w.Write((byte)0); // no watch
        }));

        public static Request SetData(string path, byte[] data) => new(OpSetData, Encode(w =>
        {
            WriteString(w, path);
            WriteBuffer(w, data);
            WriteInt(w, -1);
        }));

        public static Request Delete(string path) => new(OpDelete, Encode(w =>
        {
            WriteString(w, path);
            WriteInt(w, -1);
        }));

        /// <summary>A multi of creates: each op behind its header (type, done = false, err = -1), then the closing header.</summary>
        public static Request MultiCreate(IEnumerable<string> paths, byte[] data) => new(OpMulti, Encode(w =>
        {
            foreach (string path in paths)
            {
                WriteInt(w, OpCreate);
                w.Write((byte)0);
                WriteInt(w, -1);
                WriteCreate(w, path, data);
            }
            WriteInt(w, -1);
            w.Write((byte)1);
            WriteInt(w, -1);
        }));

        private static void WriteCreate(BinaryWriter w, string path, byte[] data)
        {
            WriteString(w, path);
            WriteBuffer(w, data);
            WriteInt(w, 1); // one ACL: world:anyone, all permissions
            WriteInt(w, PermsAll);
            WriteString(w, "world");
            WriteString(w, "anyone");
            WriteInt(w, 0); // persistent
        }

        private static byte[] Encode(Action<BinaryWriter> write)
        {
            using var stream = new MemoryStream();
            using (var w = new BinaryWriter(stream))
            {
                write(w);
            }
            return stream.ToArray();
        }

        public static void WriteInt(BinaryWriter w, int value) => w.Write(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value));

        public static void WriteLong(BinaryWriter w, long value) => w.Write(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value));

        private static void WriteString(BinaryWriter w, string s) => WriteBuffer(w, Encoding.UTF8.GetBytes(s));

        public static void WriteBuffer(BinaryWriter w, byte[] bytes)
        {
            WriteInt(w, bytes.Length);
            w.Write(bytes);
        }
    }
}
