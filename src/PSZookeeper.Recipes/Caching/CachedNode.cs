using System;
using PSZookeeper.Client;

namespace PSZookeeper.Recipes.Caching
{
    /// <summary>A node as a cache last saw it. Immutable; a change replaces it.</summary>
    public sealed class CachedNode
    {
        internal CachedNode(string path, byte[]? data, Stat stat)
        {
            Path = path;
            Data = data;
            Stat = stat;
        }

        /// <summary>The full path.</summary>
        public string Path { get; }

        /// <summary>The last path segment.</summary>
        public string Name => Path.Length == 1 ? string.Empty : Path.Substring(Path.LastIndexOf('/') + 1);

        /// <summary>The data (null when the node has none, or the cache does not keep data).</summary>
        public byte[]? Data { get; }

        /// <summary>The Stat read with the data.</summary>
        public Stat Stat { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{Path} (v{Stat.Version}, {Data?.Length ?? 0} bytes)";
    }

    /// <summary>What happened to a cached node.</summary>
    public enum CacheChangeType
    {
        /// <summary>The node appeared (or was re-created: it then follows a Removed).</summary>
        Added,

        /// <summary>The node's data changed.</summary>
        Updated,

        /// <summary>The node disappeared.</summary>
        Removed,
    }

    /// <summary>Data of a cache's Changed event.</summary>
    public sealed class CacheChangedEventArgs : EventArgs
    {
        internal CacheChangedEventArgs(CacheChangeType type, CachedNode node)
        {
            Type = type;
            Node = node;
        }

        /// <summary>What happened.</summary>
        public CacheChangeType Type { get; }

        /// <summary>The node's new state; for Removed, its last state.</summary>
        public CachedNode Node { get; }

        /// <summary>The node's path.</summary>
        public string Path => Node.Path;

        /// <inheritdoc/>
        public override string ToString() => $"{Type} {Path}";
    }

    /// <summary>Settings of a <see cref="TreeCache"/>.</summary>
    public sealed class TreeCacheOptions
    {
        /// <summary>How deep below the root to cache (0: the root only). Default: everything.</summary>
        public int MaxDepth { get; set; } = int.MaxValue;

        /// <summary>Keep node data (default true); false keeps only the Stat.</summary>
        public bool CacheData { get; set; } = true;

        /// <summary>
        /// Use re-armed one-shot watches instead of one persistent-recursive watch. Chosen
        /// automatically when the server predates 3.6; set it to force that mode.
        /// </summary>
        public bool UseOneShotWatches { get; set; }

    }
}
