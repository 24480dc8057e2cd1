using System.Collections.Generic;
using PSZookeeper.Client;

namespace PSZookeeper.Recipes.Caching
{
    /// <summary>A cached copy of one node (data and Stat), or of its absence.</summary>
    public sealed class NodeCache : ZNodeCache
    {
        /// <summary>Creates the cache; call <see cref="ZNodeCache.StartAsync"/>.</summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The node (it need not exist).</param>
        /// <param name="useOneShotWatches">Force re-armed one-shot watches (automatic on servers before 3.6).</param>
        public NodeCache(ZooKeeperClient client, string path, bool useOneShotWatches = false)
            : base(client, path, 0, true, useOneShotWatches)
        {
        }

        /// <summary>The node as last seen, or null when it does not exist.</summary>
        public CachedNode? Current => Engine.Get(Path);
    }
}
