using System.Collections.Generic;
using PSZookeeper.Client;

namespace PSZookeeper.Recipes.Caching
{
    /// <summary>A cached copy of a node's children (data and Stat of each).</summary>
    public sealed class ChildrenCache : ZNodeCache
    {
        /// <summary>Creates the cache; call <see cref="ZNodeCache.StartAsync"/>.</summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The parent (it need not exist).</param>
        /// <param name="cacheData">Keep each child's data (default), or only its Stat.</param>
        /// <param name="useOneShotWatches">Force re-armed one-shot watches (automatic on servers before 3.6).</param>
        public ChildrenCache(ZooKeeperClient client, string path, bool cacheData = true, bool useOneShotWatches = false)
            : base(client, path, 1, cacheData, useOneShotWatches)
        {
        }

        /// <summary>The children as last seen, by name.</summary>
        public IReadOnlyList<CachedNode> Children => Engine.ChildrenOf(Path);

        /// <summary>One child by name, or null.</summary>
        public CachedNode? GetChild(string name) => Engine.Get(ZNodePath.Join(Path, name));

        private protected override bool Reports(string path) => path != Path;
    }
}
