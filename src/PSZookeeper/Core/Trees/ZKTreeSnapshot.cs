using System.Collections.Generic;

namespace PSZookeeper.Core.Trees
{
    /// <summary>A subtree read from the server: its entries, parents first, and the ephemeral nodes left out.</summary>
    internal sealed class ZKTreeSnapshot
    {
        public ZKTreeSnapshot(string root, IReadOnlyList<ZKTreeEntry> entries, IReadOnlyList<string> skippedEphemerals)
        {
            Root = root;
            Entries = entries;
            SkippedEphemerals = skippedEphemerals;
        }

        /// <summary>The absolute path the subtree was read from.</summary>
        public string Root { get; }

        /// <summary>Every node but the ephemeral ones, parents before children.</summary>
        public IReadOnlyList<ZKTreeEntry> Entries { get; }

        /// <summary>Ephemeral nodes found and left out: they belong to another session's lifetime.</summary>
        public IReadOnlyList<string> SkippedEphemerals { get; }
    }
}
