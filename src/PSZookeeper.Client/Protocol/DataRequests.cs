using System.Collections.Generic;
using PSZookeeper.Client.Jute;

namespace PSZookeeper.Client.Protocol
{
    /// <summary>CreateRequest, or CreateTTLRequest when <see cref="Ttl"/> is set.</summary>
    internal sealed class CreateRequest : IRequestRecord
    {
        public CreateRequest(string? path, byte[]? data, IReadOnlyList<Acl>? acl, int flags, long? ttl = null)
        {
            Path = path;
            Data = data;
            Acl = acl;
            Flags = flags;
            Ttl = ttl;
        }

        public string? Path { get; }
        public byte[]? Data { get; }
        public IReadOnlyList<Acl>? Acl { get; }
        public int Flags { get; }
        public long? Ttl { get; }

        public void Write(JuteWriter w)
        {
            w.WriteString(Path);
            w.WriteBuffer(Data);
            Client.Acl.WriteList(w, Acl);
            w.WriteInt(Flags);
            if (Ttl.HasValue)
            {
                w.WriteLong(Ttl.Value);
            }
        }
    }

    /// <summary>SetDataRequest.</summary>
    internal sealed class SetDataRequest : IRequestRecord
    {
        public SetDataRequest(string? path, byte[]? data, int version)
        {
            Path = path;
            Data = data;
            Version = version;
        }

        public string? Path { get; }
        public byte[]? Data { get; }
        public int Version { get; }

        public void Write(JuteWriter w)
        {
            w.WriteString(Path);
            w.WriteBuffer(Data);
            w.WriteInt(Version);
        }
    }

    /// <summary>SetACLRequest.</summary>
    internal sealed class SetAclRequest : IRequestRecord
    {
        public SetAclRequest(string? path, IReadOnlyList<Acl>? acl, int version)
        {
            Path = path;
            Acl = acl;
            Version = version;
        }

        public string? Path { get; }
        public IReadOnlyList<Acl>? Acl { get; }
        public int Version { get; }

        public void Write(JuteWriter w)
        {
            w.WriteString(Path);
            Client.Acl.WriteList(w, Acl);
            w.WriteInt(Version);
        }
    }

    /// <summary>
    /// SetWatches (op 101) or, when the persistent lists are present, SetWatches2 (op 105):
    /// re-arms a session's watches on a new connection, relative to the last zxid the client saw.
    /// </summary>
    internal sealed class SetWatchesRequest : IRequestRecord
    {
        public SetWatchesRequest(long relativeZxid, IReadOnlyList<string> dataWatches, IReadOnlyList<string> existWatches,
            IReadOnlyList<string> childWatches, IReadOnlyList<string>? persistentWatches, IReadOnlyList<string>? persistentRecursiveWatches)
        {
            RelativeZxid = relativeZxid;
            DataWatches = dataWatches;
            ExistWatches = existWatches;
            ChildWatches = childWatches;
            PersistentWatches = persistentWatches;
            PersistentRecursiveWatches = persistentRecursiveWatches;
        }

        public long RelativeZxid { get; }
        public IReadOnlyList<string> DataWatches { get; }
        public IReadOnlyList<string> ExistWatches { get; }
        public IReadOnlyList<string> ChildWatches { get; }
        public IReadOnlyList<string>? PersistentWatches { get; }
        public IReadOnlyList<string>? PersistentRecursiveWatches { get; }

        public bool IsVersion2 => PersistentWatches != null;

        public void Write(JuteWriter w)
        {
            w.WriteLong(RelativeZxid);
            w.WriteStringList(DataWatches);
            w.WriteStringList(ExistWatches);
            w.WriteStringList(ChildWatches);
            if (IsVersion2)
            {
                w.WriteStringList(PersistentWatches);
                w.WriteStringList(PersistentRecursiveWatches);
            }
        }
    }
}
