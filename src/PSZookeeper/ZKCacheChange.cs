using System;
using PSZookeeper.Client;
using PSZookeeper.Core;
using PSZookeeper.Recipes.Caching;

namespace PSZookeeper
{
    /// <summary>One change of a <see cref="ZKCache"/>, as its PowerShell event's SourceEventArgs ($EventArgs).</summary>
    public sealed class ZKCacheChange : EventArgs
    {
        internal ZKCacheChange(ZKCache cache, CacheChangedEventArgs change, long sequence)
        {
            Cache = cache;
            Type = change.Type;
            Node = change.Node;
            Sequence = sequence;
        }

        public ZKCache Cache { get; }

        /// <summary>1, 2, 3, ... per cache, in delivery order.</summary>
        public long Sequence { get; }

        /// <summary>Added, Updated or Removed.</summary>
        public CacheChangeType Type { get; }

        /// <summary>The node as the cache now holds it (for Removed: as it was last).</summary>
        public CachedNode Node { get; }

        public string Path => Node.Path;

        /// <summary>The node's data as UTF-8 text (null without data).</summary>
        public string? Data => DataCodec.DecodeText(Node.Data);

        public Stat Stat => Node.Stat;

        public override string ToString() => $"{Type} {Path}";
    }
}
