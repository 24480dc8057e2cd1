using System;
using System.Collections.Generic;
using PSZookeeper.Client;

namespace PSZookeeper.Recipes.Caching
{
    /// <summary>
    /// A cache's copy of a subtree, to a depth, and the changes that bring it in line with what was
    /// read. Users read it from any thread; only the cache's loop changes it. A node whose creation
    /// zxid changed was deleted and re-created, and is reported as removed and added.
    /// </summary>
    internal sealed class CacheTree
    {
        private readonly Dictionary<string, CachedNode> _nodes = new Dictionary<string, CachedNode>(StringComparer.Ordinal);
        private readonly object _gate = new object();
        private readonly string _rootPrefix;

        public CacheTree(string root, int maxDepth)
        {
            ZNodePath.Validate(root);
            if (maxDepth < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxDepth), maxDepth, "The depth cannot be negative.");
            }
            Root = root;
            MaxDepth = maxDepth;
            _rootPrefix = root == ZNodePath.Root ? root : root + "/";
        }

        public string Root { get; }

        public int MaxDepth { get; }

        public CachedNode? Get(string path)
        {
            lock (_gate)
            {
                return _nodes.TryGetValue(path, out CachedNode? node) ? node : null;
            }
        }

        /// <summary>The cached children of <paramref name="path"/>, by name.</summary>
        public List<CachedNode> ChildrenOf(string path)
        {
            string prefix = path == ZNodePath.Root ? path : path + "/";
            var children = new List<CachedNode>();
            lock (_gate)
            {
                foreach (var pair in _nodes)
                {
                    if (pair.Key.Length > prefix.Length && pair.Key.StartsWith(prefix, StringComparison.Ordinal) && pair.Key.IndexOf('/', prefix.Length) < 0)
                    {
                        children.Add(pair.Value);
                    }
                }
            }
            children.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            return children;
        }

        public Dictionary<string, CachedNode> Snapshot()
        {
            lock (_gate)
            {
                return new Dictionary<string, CachedNode>(_nodes, StringComparer.Ordinal);
            }
        }

        /// <summary>Levels below the root (0 for the root), or -1 outside it.</summary>
        public int DepthOf(string path)
        {
            if (path == Root)
            {
                return 0;
            }
            if (!path.StartsWith(_rootPrefix, StringComparison.Ordinal))
            {
                return -1;
            }
            int depth = 1;
            for (int i = _rootPrefix.Length; i < path.Length; i++)
            {
                if (path[i] == '/')
                {
                    depth++;
                }
            }
            return depth;
        }

        public bool InScope(string path)
        {
            int depth = DepthOf(path);
            return depth >= 0 && depth <= MaxDepth;
        }

        /// <summary>
        /// Makes the subtree at <paramref name="start"/> match a fresh read of it: removals first
        /// (deepest first), then additions and updates (parents first).
        /// </summary>
        public void Reconcile(string start, Dictionary<string, CachedNode> fresh, List<CacheChangedEventArgs> changes)
        {
            string prefix = start == ZNodePath.Root ? start : start + "/";
            var cached = new List<CachedNode>();
            foreach (CachedNode node in Snapshot().Values)
            {
                if (node.Path == start || node.Path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    cached.Add(node);
                }
            }
            cached.Sort((a, b) => DepthOf(b.Path).CompareTo(DepthOf(a.Path)));
            foreach (CachedNode old in cached)
            {
                if (!fresh.TryGetValue(old.Path, out CachedNode? now) || now.Stat.Czxid != old.Stat.Czxid)
                {
                    Forget(old.Path, changes);
                }
            }
            var incoming = new List<CachedNode>(fresh.Values);
            incoming.Sort((a, b) => DepthOf(a.Path).CompareTo(DepthOf(b.Path)));
            foreach (CachedNode node in incoming)
            {
                Store(node, changes);
            }
        }

        /// <summary>Adds or replaces a node; a different creation zxid means it was re-created.</summary>
        public void Store(CachedNode node, List<CacheChangedEventArgs> changes)
        {
            CachedNode? old = Get(node.Path);
            if (old != null && old.Stat.Czxid != node.Stat.Czxid)
            {
                Forget(old.Path, changes);
                old = null;
            }
            lock (_gate)
            {
                _nodes[node.Path] = node;
            }
            if (old == null)
            {
                changes.Add(new CacheChangedEventArgs(CacheChangeType.Added, node));
            }
            else if (old.Stat.Mzxid != node.Stat.Mzxid)
            {
                changes.Add(new CacheChangedEventArgs(CacheChangeType.Updated, node));
            }
        }

        /// <summary>Removes a node and its cached descendants, deepest first.</summary>
        public void Forget(string path, List<CacheChangedEventArgs> changes)
        {
            string prefix = path == ZNodePath.Root ? path : path + "/";
            var gone = new List<CachedNode>();
            lock (_gate)
            {
                foreach (var pair in _nodes)
                {
                    if (pair.Key == path || pair.Key.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        gone.Add(pair.Value);
                    }
                }
                foreach (CachedNode node in gone)
                {
                    _nodes.Remove(node.Path);
                }
            }
            gone.Sort((a, b) => DepthOf(b.Path).CompareTo(DepthOf(a.Path)));
            foreach (CachedNode node in gone)
            {
                changes.Add(new CacheChangedEventArgs(CacheChangeType.Removed, node));
            }
        }
    }
}
