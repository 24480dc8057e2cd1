using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using PSZookeeper.Client;

namespace PSZookeeper.Core
{
    /// <summary>
    /// Builds multi ops from hashtables: @{ Create = '/a'; Data = 'x'; Ephemeral = $true },
    /// @{ Set = '/b'; Data = 'y'; Version = 2 }, @{ Delete = '/c' }, @{ Check = '/d'; Version = 0 };
    /// and read ops, @{ Get = '/e' } and @{ GetChildren = '/f' }.
    /// </summary>
    internal static class TransactionOps
    {
        /// <summary>The keys that name an op, in the order they are looked for.</summary>
        public static readonly string[] Kinds = { "Create", "Set", "Delete", "Check", "Get", "GetChildren" };

        /// <summary>Whether an op kind reads (multiRead) rather than writes (multi).</summary>
        public static bool IsRead(string kind) => kind == "Get" || kind == "GetChildren";

        /// <summary>The op a hashtable names (its first key among <see cref="Kinds"/>), or null.</summary>
        public static string? KindOf(IDictionary spec)
        {
            foreach (string kind in Kinds)
            {
                if (spec.Contains(kind))
                {
                    return kind;
                }
            }
            return null;
        }

        /// <summary>Converts one hashtable to an op; <paramref name="encode"/> turns Data into bytes.</summary>
        public static Op FromDictionary(IDictionary spec, Func<object?, byte[]?> encode)
        {
            if (spec == null)
            {
                throw new ArgumentNullException(nameof(spec));
            }
            int version = spec.Contains("Version") ? System.Convert.ToInt32(Unwrap(spec["Version"]), CultureInfo.InvariantCulture) : -1;
            object? data = spec.Contains("Data") ? Unwrap(spec["Data"]) : null;
            if (TryGet(spec, "Create", out string? create))
            {
                CreateMode mode = CreateModes.Resolve(Flag(spec, "Ephemeral"), Flag(spec, "Sequential"), Flag(spec, "Container"),
                    spec.Contains("Ttl") ? System.Convert.ToInt64(Unwrap(spec["Ttl"]), CultureInfo.InvariantCulture) : 0);
                IReadOnlyList<Acl> acl = spec.Contains("Acl") ? AclParser.ToAclList(ToArray(spec["Acl"])) ?? Ids.OpenAclUnsafe : Ids.OpenAclUnsafe;
                long ttl = spec.Contains("Ttl") ? System.Convert.ToInt64(Unwrap(spec["Ttl"]), CultureInfo.InvariantCulture) : 0;
                return Op.Create(create!, encode(data), acl, mode, ttl);
            }
            if (TryGet(spec, "Set", out string? set))
            {
                return Op.SetData(set!, encode(data), version);
            }
            if (TryGet(spec, "Delete", out string? delete))
            {
                return Op.Delete(delete!, version);
            }
            if (TryGet(spec, "Check", out string? check))
            {
                return Op.Check(check!, version);
            }
            if (TryGet(spec, "Get", out string? get))
            {
                return Op.GetData(get!);
            }
            if (TryGet(spec, "GetChildren", out string? children))
            {
                return Op.GetChildren(children!);
            }
            throw new ArgumentException("A transaction op needs one of the keys Create, Set, Delete, Check, Get or GetChildren (with the path as its value).");
        }

        private static bool TryGet(IDictionary spec, string key, out string? path)
        {
            path = spec.Contains(key) ? Unwrap(spec[key])?.ToString() : null;
            return path != null;
        }

        private static bool Flag(IDictionary spec, string key) =>
            spec.Contains(key) && LanguagePrimitives.IsTrue(spec[key]);

        private static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;

        private static object[] ToArray(object? value)
        {
            value = Unwrap(value);
            if (value is object[] array)
            {
                return array;
            }
            if (value is IEnumerable items && !(value is string))
            {
                var list = new List<object>();
                foreach (object item in items)
                {
                    list.Add(item);
                }
                return list.ToArray();
            }
            return new[] { value! };
        }
    }
}
