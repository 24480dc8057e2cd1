using System;
using System.Collections.Generic;
using PSZookeeper.Client.Jute;

namespace PSZookeeper.Client
{
    /// <summary>ZooKeeper permission bits.</summary>
    [Flags]
    public enum Permissions
    {
        /// <summary>No permission.</summary>
        None = 0,
        /// <summary>getData and getChildren.</summary>
        Read = 1,
        /// <summary>setData.</summary>
        Write = 2,
        /// <summary>Create children.</summary>
        Create = 4,
        /// <summary>Delete children.</summary>
        Delete = 8,
        /// <summary>setACL.</summary>
        Admin = 16,
        /// <summary>Every permission.</summary>
        All = 31,
    }

    /// <summary>An identity in an authentication scheme, e.g. world:anyone or digest:user:hash.</summary>
    public sealed class Id : IEquatable<Id>
    {
        /// <summary>Creates an identity.</summary>
        public Id(string scheme, string ident)
        {
            Scheme = scheme;
            Ident = ident;
        }

        /// <summary>The scheme: world, auth, digest, ip, x509, sasl.</summary>
        public string Scheme { get; }

        /// <summary>The identity within the scheme.</summary>
        public string Ident { get; }

        internal static Id Read(ref JuteReader r) => new Id(r.ReadString()!, r.ReadString()!);

        internal void Write(JuteWriter w)
        {
            w.WriteString(Scheme);
            w.WriteString(Ident);
        }

        /// <inheritdoc/>
        public bool Equals(Id? other) => other != null && other.Scheme == Scheme && other.Ident == Ident;
        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as Id);
        /// <inheritdoc/>
        public override int GetHashCode() => (Scheme?.GetHashCode() ?? 0) * 31 + (Ident?.GetHashCode() ?? 0);
        /// <inheritdoc/>
        public override string ToString() => $"{Scheme}:{Ident}";
    }

    /// <summary>One access control entry: permissions granted to an identity.</summary>
    public sealed class Acl : IEquatable<Acl>
    {
        /// <summary>Creates an entry.</summary>
        public Acl(Permissions perms, Id id)
        {
            Perms = perms;
            Id = id ?? throw new ArgumentNullException(nameof(id));
        }

        /// <summary>The granted permissions.</summary>
        public Permissions Perms { get; }

        /// <summary>Who they are granted to.</summary>
        public Id Id { get; }

        internal static Acl Read(ref JuteReader r) => new Acl((Permissions)r.ReadInt(), Id.Read(ref r));

        internal void Write(JuteWriter w)
        {
            w.WriteInt((int)Perms);
            Id.Write(w);
        }

        internal static List<Acl>? ReadList(ref JuteReader r)
        {
            // An ACL entry is at least perms plus two string lengths.
            int count = r.ReadVectorCount("ACL vector", 12);
            if (count < 0)
            {
                return null;
            }
            var list = new List<Acl>(count);
            for (int i = 0; i < count; i++)
            {
                list.Add(Read(ref r));
            }
            return list;
        }

        internal static void WriteList(JuteWriter w, IReadOnlyList<Acl>? acl) =>
            w.WriteList(acl, (writer, entry) => entry.Write(writer));

        /// <inheritdoc/>
        public bool Equals(Acl? other) => other != null && other.Perms == Perms && other.Id.Equals(Id);
        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as Acl);
        /// <inheritdoc/>
        public override int GetHashCode() => (int)Perms * 31 + Id.GetHashCode();
        /// <inheritdoc/>
        public override string ToString() => $"{Id}:{Perms}";
    }

    /// <summary>The well-known identities and ACLs.</summary>
    public static class Ids
    {
        /// <summary>world:anyone.</summary>
        public static readonly Id AnyoneIdUnsafe = new Id("world", "anyone");

        /// <summary>auth: (the identities the creating session has authenticated as).</summary>
        public static readonly Id AuthIds = new Id("auth", "");

        /// <summary>Everyone may do everything.</summary>
        public static readonly IReadOnlyList<Acl> OpenAclUnsafe = new[] { new Acl(Permissions.All, AnyoneIdUnsafe) };

        /// <summary>Only the creator's authenticated identities may do anything.</summary>
        public static readonly IReadOnlyList<Acl> CreatorAllAcl = new[] { new Acl(Permissions.All, AuthIds) };

        /// <summary>Everyone may read.</summary>
        public static readonly IReadOnlyList<Acl> ReadAclUnsafe = new[] { new Acl(Permissions.Read, AnyoneIdUnsafe) };
    }
}
