using System;
using System.Collections.Generic;
using System.Globalization;

namespace PSZookeeper.Recipes.Internal
{
    /// <summary>
    /// A child name made by a sequential create, split into its parts:
    /// [_c_&lt;32 hex&gt;-]&lt;prefix&gt;&lt;10-digit sequence&gt;. Recipes order contenders by the
    /// sequence alone: the protection id differs per node, so plain name order would be wrong.
    /// </summary>
    internal readonly struct SequencedName
    {
        private const int SequenceLength = 10;

        private SequencedName(string name, string prefix, long sequence, Guid? protectionId)
        {
            Name = name;
            Prefix = prefix;
            Sequence = sequence;
            ProtectionId = protectionId;
        }

        public string Name { get; }

        /// <summary>The name between the protection id and the sequence, e.g. "lock-".</summary>
        public string Prefix { get; }

        public long Sequence { get; }

        public Guid? ProtectionId { get; }

        public static bool TryParse(string name, out SequencedName parsed)
        {
            parsed = default;
            if (name == null || name.Length < SequenceLength)
            {
                return false;
            }
            // The server formats the parent's counter with %010d (a sign counts as a digit).
            string digits = name.Substring(name.Length - SequenceLength);
            if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long sequence))
            {
                return false;
            }
            string head = name.Substring(0, name.Length - SequenceLength);
            Guid? id = null;
            if (ProtectedName.TrySplit(head, out Guid guid, out string rest))
            {
                id = guid;
                head = rest;
            }
            parsed = new SequencedName(name, head, sequence, id);
            return true;
        }

        /// <summary>Parses and orders by sequence the children whose prefix passes <paramref name="accept"/>.</summary>
        public static List<SequencedName> Order(IEnumerable<string> children, Func<string, bool> accept)
        {
            var list = new List<SequencedName>();
            foreach (string child in children)
            {
                if (TryParse(child, out SequencedName parsed) && accept(parsed.Prefix))
                {
                    list.Add(parsed);
                }
            }
            list.Sort((a, b) => a.Sequence != b.Sequence ? a.Sequence.CompareTo(b.Sequence) : string.CompareOrdinal(a.Name, b.Name));
            return list;
        }

        public static int IndexOf(List<SequencedName> ordered, string name)
        {
            for (int i = 0; i < ordered.Count; i++)
            {
                if (ordered[i].Name == name)
                {
                    return i;
                }
            }
            return -1;
        }

        public override string ToString() => Name;
    }

    /// <summary>The protected name prefix: "_c_" + 32 hex digits + "-".</summary>
    internal static class ProtectedName
    {
        public const string Marker = "_c_";
        private const int IdLength = 32;

        public static string For(Guid id, string prefix) => Marker + id.ToString("N") + "-" + prefix;

        public static bool TrySplit(string name, out Guid id, out string rest)
        {
            id = Guid.Empty;
            rest = name;
            int dash = Marker.Length + IdLength;
            if (name.Length <= dash || !name.StartsWith(Marker, StringComparison.Ordinal) || name[dash] != '-')
            {
                return false;
            }
            if (!Guid.TryParseExact(name.Substring(Marker.Length, IdLength), "N", out id))
            {
                return false;
            }
            rest = name.Substring(dash + 1);
            return true;
        }
    }
}
