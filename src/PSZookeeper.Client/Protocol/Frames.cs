using PSZookeeper.Client.Jute;

namespace PSZookeeper.Client.Protocol
{
    /// <summary>Client-to-server frames: a big-endian length, then the body it counts.</summary>
    internal static class Frames
    {
        /// <summary>A request: RequestHeader (xid, op), then its record (none for a ping or closeSession).</summary>
        public static void AppendRequest(JuteWriter writer, int xid, OpCode op, IRequestRecord? record)
        {
            int lengthAt = writer.ReserveInt();
            new RequestHeader(xid, op).Write(writer);
            record?.Write(writer);
            writer.PatchInt(lengthAt, writer.Length - lengthAt - 4);
        }

        /// <summary>The session handshake: a ConnectRequest with no header.</summary>
        public static void AppendConnect(JuteWriter writer, ConnectRequest request)
        {
            int lengthAt = writer.ReserveInt();
            request.Write(writer);
            writer.PatchInt(lengthAt, writer.Length - lengthAt - 4);
        }
    }
}
