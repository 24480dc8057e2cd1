using System;
using System.Buffers.Binary;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client.Jute;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client.Tests.FakeServer
{
    /// <summary>The handshake as the fake server received it.</summary>
    internal sealed record ReceivedConnectRequest(int ProtocolVersion, long LastZxidSeen, int TimeOut, long SessionId,
        byte[]? Passwd, bool? ReadOnly);

    /// <summary>A request as the fake server received it; Path is set for the (path, ...) shaped ops.</summary>
    internal sealed record ReceivedRequest(int Xid, OpCode Op, string? Path, byte[] Frame);

    /// <summary>Server-side framing: reads what the client sends, builds what a server answers. Written with our jute codec.</summary>
    internal static class FakeFrames
    {
        /// <summary>The largest frame the fake server accepts from the client.</summary>
        private const int MaxClientFrame = 1024 * 1024;

        /// <summary>The next frame's body (without its length), or null when the client closed the connection between frames.</summary>
        public static async Task<byte[]?> ReadFrameAsync(Stream stream, CancellationToken cancellationToken)
        {
            byte[] prefix = new byte[4];
            if (!await ReadExactlyOrEofAsync(stream, prefix, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
            int length = BinaryPrimitives.ReadInt32BigEndian(prefix);
            if (length < 0 || length > MaxClientFrame)
            {
                throw new InvalidDataException($"Fake server: the client sent a frame length of {length}.");
            }
            byte[] body = new byte[length];
            if (!await ReadExactlyOrEofAsync(stream, body, cancellationToken).ConfigureAwait(false))
            {
                throw new EndOfStreamException("Fake server: the client closed the connection in the middle of a frame.");
            }
            return body;
        }

        public static ReceivedConnectRequest ParseConnectRequest(byte[] body)
        {
            var r = new JuteReader(body);
            int protocolVersion = r.ReadInt();
            long lastZxid = r.ReadLong();
            int timeOut = r.ReadInt();
            long sessionId = r.ReadLong();
            byte[]? passwd = r.ReadBuffer();
            bool? readOnly = r.Remaining > 0 ? r.ReadBool() : null;
            return new ReceivedConnectRequest(protocolVersion, lastZxid, timeOut, sessionId, passwd, readOnly);
        }

        public static ReceivedRequest ParseRequest(byte[] body)
        {
            var r = new JuteReader(body);
            int xid = r.ReadInt();
            var op = (OpCode)r.ReadInt();
            string? path = null;
            switch (op)
            {
                case OpCode.GetData:
                case OpCode.Exists:
                case OpCode.GetChildren:
                case OpCode.GetChildren2:
                case OpCode.Create:
                case OpCode.Delete:
                case OpCode.SetData:
                    path = r.ReadString();
                    break;
            }
            return new ReceivedRequest(xid, op, path, body);
        }

        /// <summary>len + ConnectResponse + readOnly (the flag only when the client sent one, as the real server does).</summary>
        public static byte[] ConnectResponse(int timeOut, long sessionId, byte[] passwd, bool appendReadOnly) =>
            Frame(w =>
            {
                w.WriteInt(0);
                w.WriteInt(timeOut);
                w.WriteLong(sessionId);
                w.WriteBuffer(passwd);
                if (appendReadOnly)
                {
                    w.WriteBool(false);
                }
            });

        /// <summary>A reply with no body: pings, closeSession, and every error reply.</summary>
        public static byte[] HeaderOnlyReply(int xid, long zxid, int err) =>
            Frame(w => new ReplyHeader(xid, zxid, err).Write(w));

        /// <summary>ReplyHeader(xid, zxid, 0) + GetDataResponse(data, stat).</summary>
        public static byte[] GetDataReply(int xid, long zxid, byte[] data, Stat stat) =>
            Frame(w =>
            {
                new ReplyHeader(xid, zxid, 0).Write(w);
                w.WriteBuffer(data);
                stat.Write(w);
            });

        /// <summary>ReplyHeader(xid, zxid, 0) + ExistsResponse(stat).</summary>
        public static byte[] StatReply(int xid, long zxid, Stat stat) =>
            Frame(w =>
            {
                new ReplyHeader(xid, zxid, 0).Write(w);
                stat.Write(w);
            });

        /// <summary>The first four bytes of any frame: a big-endian length, whatever it claims.</summary>
        public static byte[] LengthPrefix(int length)
        {
            byte[] bytes = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(bytes, length);
            return bytes;
        }

        /// <summary>len + whatever <paramref name="body"/> writes.</summary>
        public static byte[] Frame(Action<JuteWriter> body)
        {
            using (var w = new JuteWriter(256))
            {
                int lengthAt = w.ReserveInt();
                body(w);
                w.PatchInt(lengthAt, w.Length - lengthAt - 4);
                return w.ToArray();
            }
        }

        /// <summary>False when the stream ended before the first byte; a later end is an error.</summary>
        private static async Task<bool> ReadExactlyOrEofAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
        {
            int filled = 0;
            while (filled < buffer.Length)
            {
                int read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    if (filled == 0)
                    {
                        return false;
                    }
                    throw new EndOfStreamException("Fake server: the client closed the connection in the middle of a frame.");
                }
                filled += read;
            }
            return true;
        }
    }
}
