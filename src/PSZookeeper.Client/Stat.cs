using System;
using PSZookeeper.Client.Jute;

namespace PSZookeeper.Client
{
    /// <summary>The metadata ZooKeeper keeps for every znode.</summary>
    public sealed class Stat
    {
        /// <summary>Creates a Stat from its wire fields.</summary>
        public Stat(long czxid, long mzxid, long ctime, long mtime, int version, int cversion,
            int aversion, long ephemeralOwner, int dataLength, int numChildren, long pzxid)
        {
            Czxid = czxid;
            Mzxid = mzxid;
            Ctime = ctime;
            Mtime = mtime;
            Version = version;
            Cversion = cversion;
            Aversion = aversion;
            EphemeralOwner = ephemeralOwner;
            DataLength = dataLength;
            NumChildren = numChildren;
            Pzxid = pzxid;
        }

        /// <summary>The zxid of the change that created the node (usable as a fencing token).</summary>
        public long Czxid { get; }
        /// <summary>The zxid of the change that last modified the node's data.</summary>
        public long Mzxid { get; }
        /// <summary>Creation time, milliseconds since the Unix epoch.</summary>
        public long Ctime { get; }
        /// <summary>Last modification time, milliseconds since the Unix epoch.</summary>
        public long Mtime { get; }
        /// <summary>Number of changes to the node's data.</summary>
        public int Version { get; }
        /// <summary>Number of changes to the node's children.</summary>
        public int Cversion { get; }
        /// <summary>Number of changes to the node's ACL.</summary>
        public int Aversion { get; }
        /// <summary>The owning session id for an ephemeral node; 0 otherwise.</summary>
        public long EphemeralOwner { get; }
        /// <summary>Length of the node's data in bytes.</summary>
        public int DataLength { get; }
        /// <summary>Number of children.</summary>
        public int NumChildren { get; }
        /// <summary>The zxid of the change that last modified the node's children.</summary>
        public long Pzxid { get; }

        /// <summary>Creation time as a UTC DateTimeOffset.</summary>
        public DateTimeOffset Created => DateTimeOffset.FromUnixTimeMilliseconds(Ctime);
        /// <summary>Last modification time as a UTC DateTimeOffset.</summary>
        public DateTimeOffset Modified => DateTimeOffset.FromUnixTimeMilliseconds(Mtime);
        /// <summary>True when the node is ephemeral (owned by a session).</summary>
        public bool IsEphemeral => EphemeralOwner != 0;

        internal static Stat Read(ref JuteReader r) => new Stat(
            r.ReadLong(), r.ReadLong(), r.ReadLong(), r.ReadLong(), r.ReadInt(), r.ReadInt(),
            r.ReadInt(), r.ReadLong(), r.ReadInt(), r.ReadInt(), r.ReadLong());

        internal void Write(JuteWriter w)
        {
            w.WriteLong(Czxid);
            w.WriteLong(Mzxid);
            w.WriteLong(Ctime);
            w.WriteLong(Mtime);
            w.WriteInt(Version);
            w.WriteInt(Cversion);
            w.WriteInt(Aversion);
            w.WriteLong(EphemeralOwner);
            w.WriteInt(DataLength);
            w.WriteInt(NumChildren);
            w.WriteLong(Pzxid);
        }

        /// <inheritdoc/>
        public override string ToString() =>
            $"czxid={Czxid} mzxid={Mzxid} version={Version} cversion={Cversion} aversion={Aversion} " +
            $"ephemeralOwner=0x{EphemeralOwner:x} dataLength={DataLength} numChildren={NumChildren} pzxid={Pzxid}";
    }
}
