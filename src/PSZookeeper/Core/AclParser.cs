using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using PSZookeeper.Client;

namespace PSZookeeper.Core
{
    /// <summary>Parses zkCli-style ACL text ("world:anyone:cdrwa", "digest:user:hash:rw", "ip:10.0.0.1:r") and formats permissions.</summary>
    internal static class AclParser
    {
        /// <summary>Parses one ACL entry; the permissions follow the last ':'.</summary>
        public static Acl Parse(string text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new ArgumentException("An ACL entry is empty.", nameof(text));
            }
            text = text.Trim();
            int first = text.IndexOf(':');
            int last = text.LastIndexOf(':');
            if (first <= 0 || last == first)
            {
                throw new ArgumentException($"ACL entry '{text}' is not scheme:id:perms (for example world:anyone:cdrwa).", nameof(text));
            }
            string scheme = text.Substring(0, first);
            string id = text.Substring(first + 1, last - first - 1);
            Permissions perms = ParsePermissions(text.Substring(last + 1));
            return new Acl(perms, new Id(scheme, id));
        }

        /// <summary>Parses zkCli permission letters (c d r w a), or a Permissions name list (Read,Write).</summary>
        public static Permissions ParsePermissions(string text)
        {
            bool letters = text.Length > 0;
            foreach (char c in text.ToLowerInvariant())
            {
                letters &= "cdrwa".IndexOf(c) >= 0;
            }
            if (!letters && Enum.TryParse(text, true, out Permissions named))
            {
                return named;
            }
            Permissions perms = Permissions.None;
            foreach (char c in text.ToLowerInvariant())
            {
                switch (c)
                {
                    case 'c': perms |= Permissions.Create; break;
                    case 'd': perms |= Permissions.Delete; break;
                    case 'r': perms |= Permissions.Read; break;
                    case 'w': perms |= Permissions.Write; break;
                    case 'a': perms |= Permissions.Admin; break;
                    default:
                        throw new ArgumentException($"Unknown permission '{c}' in '{text}': use the letters c d r w a.", nameof(text));
                }
            }
            return perms;
        }

        /// <summary>zkCli's letters for permissions, in its order: cdrwa.</summary>
        public static string FormatPermissions(Permissions perms)
        {
            var sb = new StringBuilder();
            if ((perms & Permissions.Create) != 0) sb.Append('c');
            if ((perms & Permissions.Delete) != 0) sb.Append('d');
            if ((perms & Permissions.Read) != 0) sb.Append('r');
            if ((perms & Permissions.Write) != 0) sb.Append('w');
            if ((perms & Permissions.Admin) != 0) sb.Append('a');
            return sb.ToString();
        }

        /// <summary>Converts Acl objects, ZKAclEntry objects and ACL strings to a list (null or empty input gives null).</summary>
        public static IReadOnlyList<Acl>? ToAclList(object[]? items)
        {
            if (items == null || items.Length == 0)
            {
                return null;
            }
            var list = new List<Acl>();
            foreach (object? raw in items)
            {
                object? item = raw is PSObject pso ? pso.BaseObject : raw;
                switch (item)
                {
                    case Acl acl:
                        list.Add(acl);
                        break;
                    case ZKAclEntry entry:
                        list.Add(entry.ToAcl());
                        break;
                    case string s:
                        foreach (string part in s.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
                        {
                            list.Add(Parse(part));
                        }
                        break;
                    default:
                        throw new ArgumentException($"Cannot use a {item?.GetType().Name ?? "null"} as an ACL entry; give 'scheme:id:perms' text.");
                }
            }
            return list;
        }
    }
}
