using System;
using PSZookeeper.Client.Jute;

namespace PSZookeeper.Client.Protocol
{
    /// <summary>
    /// ConnectRequest, followed on the wire by the readOnly flag (the 3.8 clients always send it,
    /// and the server answers with its own flag only when the client sent one).
    /// </summary>
    internal sealed class ConnectRequest : IRequestRecord
    {
        /// <summary>The password length a new session sends (all zeros), as the Java client does.</summary>
        public const int PasswordLength = 16;

        public ConnectRequest(int protocolVersion, long lastZxidSeen, int timeOut, long sessionId, byte[]? passwd, bool? readOnly)
        {
            ProtocolVersion = protocolVersion;
            LastZxidSeen = lastZxidSeen;
            TimeOut = timeOut;
            SessionId = sessionId;
            Passwd = passwd;
            ReadOnly = readOnly;
        }

        public int ProtocolVersion { get; }
        public long LastZxidSeen { get; }
        public int TimeOut { get; }
        public long SessionId { get; }
        public byte[]? Passwd { get; }
        /// <summary>Null omits the flag (a pre-3.4 client).</summary>
        public bool? ReadOnly { get; }

        public void Write(JuteWriter w)
        {
            w.WriteInt(ProtocolVersion);
            w.WriteLong(LastZxidSeen);
            w.WriteInt(TimeOut);
            w.WriteLong(SessionId);
            w.WriteBuffer(Passwd);
            if (ReadOnly.HasValue)
            {
                w.WriteBool(ReadOnly.Value);
            }
        }
    }

    /// <summary>ConnectResponse; a negotiated timeout of 0 means the session has expired.</summary>
    internal sealed class ConnectResponse
    {
        public ConnectResponse(int protocolVersion, int timeOut, long sessionId, byte[]? passwd, bool readOnly)
        {
            ProtocolVersion = protocolVersion;
            TimeOut = timeOut;
            SessionId = sessionId;
            Passwd = passwd;
            ReadOnly = readOnly;
        }

        public int ProtocolVersion { get; }
        public int TimeOut { get; }
        public long SessionId { get; }
        public byte[]? Passwd { get; }
        public bool ReadOnly { get; }

        public static ConnectResponse Read(ref JuteReader r)
        {
            int protocolVersion = r.ReadInt();
            int timeOut = r.ReadInt();
            long sessionId = r.ReadLong();
            byte[]? passwd = r.ReadBuffer();
            // A server talking to a legacy client omits the flag; tolerate both forms.
            bool readOnly = r.Remaining > 0 && r.ReadBool();
            return new ConnectResponse(protocolVersion, timeOut, sessionId, passwd, readOnly);
        }
    }

    /// <summary>AuthPacket (sent with xid -4): scheme and credentials.</summary>
    internal sealed class AuthPacket : IRequestRecord
    {
        public AuthPacket(int type, string? scheme, byte[]? auth)
        {
            Type = type;
            Scheme = scheme;
            Auth = auth;
        }

        public int Type { get; }
        public string? Scheme { get; }
        public byte[]? Auth { get; }

        public void Write(JuteWriter w)
        {
            w.WriteInt(Type);
            w.WriteString(Scheme);
            w.WriteBuffer(Auth);
        }

        /// <summary>Never shows the credential bytes.</summary>
        public override string ToString() => $"AuthPacket({Scheme}, {Auth?.Length ?? 0} bytes hidden)";
    }

    /// <summary>WatcherEvent: the body of an xid -1 notification.</summary>
    internal readonly struct WatcherEvent
    {
        public WatcherEvent(int type, int state, string? path)
        {
            Type = type;
            State = state;
            Path = path;
        }

        public int Type { get; }
        public int State { get; }
        public string? Path { get; }

        public static WatcherEvent Read(ref JuteReader r) => new WatcherEvent(r.ReadInt(), r.ReadInt(), r.ReadString());

        public void Write(JuteWriter w)
        {
            w.WriteInt(Type);
            w.WriteInt(State);
            w.WriteString(Path);
        }
    }
}
