using System;
using PSZookeeper.Client;
using PSZookeeper.Core;

namespace PSZookeeper
{
    /// <summary>A znode: its path, its data (decoded) and its Stat, as one object.</summary>
    public sealed class ZKNode
    {
        public ZKNode(string path, byte[]? rawData, object? data, Stat stat, ZKSession? session)
        {
            Path = path;
            RawData = rawData;
            Data = data;
            Stat = stat;
            Session = session;
        }

        public string Path { get; }

        public string Name => Path == "/" ? "/" : Path.Substring(Path.LastIndexOf('/') + 1);

        public string Parent => Path == "/" ? string.Empty : (Path.LastIndexOf('/') == 0 ? "/" : Path.Substring(0, Path.LastIndexOf('/')));

        /// <summary>The data as text (default), bytes (-AsByteArray) or an object (-AsJson).</summary>
        public object? Data { get; }

        /// <summary>The data exactly as stored.</summary>
        public byte[]? RawData { get; }

        public Stat Stat { get; }

        /// <summary>The session the node was read with (binds -Session by property name).</summary>
        public ZKSession? Session { get; }

        public int Version => Stat.Version;

        public int ChildVersion => Stat.Cversion;

        public int AclVersion => Stat.Aversion;

        public int DataLength => Stat.DataLength;

        public int ChildCount => Stat.NumChildren;

        public DateTime Created => Stat.Created.LocalDateTime;

        public DateTime Modified => Stat.Modified.LocalDateTime;

        public long EphemeralOwner => Stat.EphemeralOwner;

        public bool IsEphemeral => Stat.IsEphemeral;

        public long Czxid => Stat.Czxid;

        public long Mzxid => Stat.Mzxid;

        public long Pzxid => Stat.Pzxid;

        /// <summary>A one-line preview of the data for tables.</summary>
        public string Preview => DataCodec.Preview(RawData);

        public override string ToString() => Path;
    }
}
