using System.Collections.Generic;

namespace PSZookeeper.Core.Trees
{
    /// <summary>An export file's content: where it was exported from and its nodes.</summary>
    internal sealed class ZKTreeFile
    {
        public ZKTreeFile(string exportedFrom, IReadOnlyList<ZKTreeEntry> entries)
        {
            ExportedFrom = exportedFrom;
            Entries = entries;
        }

        /// <summary>The znode path the tree was exported from (its "path").</summary>
        public string ExportedFrom { get; }

        /// <summary>The nodes, parents first; the first is the root ("/").</summary>
        public IReadOnlyList<ZKTreeEntry> Entries { get; }
    }
}
