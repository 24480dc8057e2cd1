using System.Collections.Generic;
using PSZookeeper.Client;

namespace PSZookeeper.Recipes.Caching
{
    /// <summary>A cached copy of a subtree (to a depth): every node's data and Stat.</summary>
    public sealed class TreeCache : ZNodeCache
    {
        private static readonly TreeCacheOptions Defaults = new TreeCacheOptions();

        /// <summary>Creates the cache; call <see cref="ZNodeCache.StartAsync"/>.</summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The subtree's root (it need not exist).</param>
        /// <param name="options">Depth, data and watch mode; null for the defaults.</param>
        public TreeCache(ZooKeeperClient client, string path, TreeCacheOptions? options = null)
            : base(client, path, (options ?? Defaults).MaxDepth, (options ?? Defaults).CacheData, (options ?? Defaults).UseOneShotWatches)
        {
        }

        /// <summary>A node by path, or null.</summary>
        public CachedNode? GetNode(string path) => Engine.Get(path);

        /// <summary>The cached children of a node, by name.</summary>
        public IReadOnlyList<CachedNode> GetChildren(string path) => Engine.ChildrenOf(path);

        /// <summary>A copy of everything cached, by path.</summary>
        public IReadOnlyDictionary<string, CachedNode> GetAll() => Engine.Snapshot();
    }
}
