using PSZookeeper.Client.Jute;

namespace PSZookeeper.Client.Protocol
{
    /// <summary>RequestHeader: the xid and op code before every request body after the handshake.</summary>
    internal readonly struct RequestHeader
    {
        public RequestHeader(int xid, OpCode type)
        {
            Xid = xid;
            Type = type;
        }

        public int Xid { get; }
        public OpCode Type { get; }

        public void Write(JuteWriter w)
        {
            w.WriteInt(Xid);
            w.WriteInt((int)Type);
        }
    }

    /// <summary>ReplyHeader: xid, the server's zxid and an error code; a body follows only when err is 0.</summary>
    internal readonly struct ReplyHeader
    {
        public const int Size = 16;

        public ReplyHeader(int xid, long zxid, int err)
        {
            Xid = xid;
            Zxid = zxid;
            Err = err;
        }

        public int Xid { get; }
        public long Zxid { get; }
        public int Err { get; }

        public static ReplyHeader Read(ref JuteReader r) => new ReplyHeader(r.ReadInt(), r.ReadLong(), r.ReadInt());

        public void Write(JuteWriter w)
        {
            w.WriteInt(Xid);
            w.WriteLong(Zxid);
            w.WriteInt(Err);
        }
    }

    /// <summary>MultiHeader: precedes each op of a multi request and each result of its reply.</summary>
    internal readonly struct MultiHeader
    {
        public MultiHeader(int type, bool done, int err)
        {
            Type = type;
            Done = done;
            Err = err;
        }

        public int Type { get; }
        public bool Done { get; }
        public int Err { get; }

        public static readonly MultiHeader Terminator = new MultiHeader(-1, true, -1);

        public static MultiHeader Read(ref JuteReader r) => new MultiHeader(r.ReadInt(), r.ReadBool(), r.ReadInt());

        public void Write(JuteWriter w)
        {
            w.WriteInt(Type);
            w.WriteBool(Done);
            w.WriteInt(Err);
        }
    }
}
