using System;
using System.Collections.Generic;
using System.Linq;

namespace PSZookeeper.Core
{
    /// <summary>The names added and removed between two child lists.</summary>
    internal sealed class ChildDiff
    {
        private ChildDiff(string[] added, string[] removed)
        {
            Added = added;
            Removed = removed;
        }

        public string[] Added { get; }

        public string[] Removed { get; }

        public bool IsEmpty => Added.Length == 0 && Removed.Length == 0;

        /// <summary>Compares two child lists (ordinal names); results are sorted.</summary>
        public static ChildDiff Compute(IEnumerable<string>? before, IEnumerable<string>? after)
        {
            var old = new HashSet<string>(before ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
            var now = new HashSet<string>(after ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
            string[] added = now.Where(n => !old.Contains(n)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            string[] removed = old.Where(n => !now.Contains(n)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            return new ChildDiff(added, removed);
        }
    }
}
