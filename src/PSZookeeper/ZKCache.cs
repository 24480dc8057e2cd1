using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Recipes;
using PSZookeeper.Recipes.Caching;

namespace PSZookeeper
{
    /// <summary>
    /// A local copy of a node, its children or a subtree, kept current by the recipes' caches. Each
    /// change after the initial load becomes a PowerShell event under <see cref="SourceIdentifier"/>
    /// (Wait-Event, Get-Event, Register-EngineEvent -Action), handed to the event manager in order
    /// by the session's one watch dispatcher. It stops with Remove-ZKCache or when its session ends.
    /// </summary>
    public sealed class ZKCache : IDisposable
    {
        private readonly ZNodeCache _cache;
        private readonly PSEventManager _events;
        private readonly PSObject? _messageData;
        private volatile bool _live;
        private long _sequence;
        private int _stopped;

        internal ZKCache(ZKSession session, string path, ZKCacheKind kind, int depth, bool cacheData,
            string sourceIdentifier, PSEventManager events, PSObject? messageData)
        {
            Session = session;
            Kind = kind;
            SourceIdentifier = sourceIdentifier;
            _events = events;
            _messageData = messageData;
            switch (kind)
            {
                case ZKCacheKind.Node:
                    _cache = new NodeCache(session.Client, path);
                    break;
                case ZKCacheKind.Children:
                    _cache = new ChildrenCache(session.Client, path, cacheData);
                    break;
                default:
                    _cache = new TreeCache(session.Client, path, new TreeCacheOptions { MaxDepth = depth, CacheData = cacheData });
                    break;
            }
            // The initial load arrives as Added changes before Initialized: the copy shows it, events do not.
            _cache.Initialized += (_, __) => _live = true;
            _cache.Changed += OnChanged;
            session.StateChanged += OnSessionStateChanged;
        }

        /// <summary>The cached node (the root of the copy).</summary>
        public string Path => _cache.Path;

        public ZKCacheKind Kind { get; }

        /// <summary>The source identifier of this cache's PowerShell events.</summary>
        public string SourceIdentifier { get; }

        public ZKSession Session { get; }

        /// <summary>True while the copy is kept current.</summary>
        public bool IsRunning => Volatile.Read(ref _stopped) == 0 && !Session.IsTerminal;

        /// <summary>Changes raised as events so far.</summary>
        public long Delivered => Interlocked.Read(ref _sequence);

        /// <summary>The cached nodes now: the node, the children, or the whole subtree in path order.</summary>
        public CachedNode[] Nodes
        {
            get
            {
                switch (_cache)
                {
                    case NodeCache node:
                        return node.Current == null ? new CachedNode[0] : new[] { node.Current };
                    case ChildrenCache children:
                        return children.Children.ToArray();
                    default:
                        return ((TreeCache)_cache).GetAll().Values.OrderBy(n => n.Path, StringComparer.Ordinal).ToArray();
                }
            }
        }

        /// <summary>One cached node by its full path, or null when the copy has none.</summary>
        public CachedNode? GetNode(string path) => Nodes.FirstOrDefault(n => n.Path == path);

        /// <summary>Arms the watch and loads the copy.</summary>
        internal Task StartAsync(CancellationToken cancellationToken) => _cache.StartAsync(cancellationToken);

        /// <summary>Stops keeping the copy current and removes its watch.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 0)
            {
                Session.StateChanged -= OnSessionStateChanged;
                _cache.Dispose();
            }
        }

        public override string ToString() => $"{Kind} cache of {Path} ({SourceIdentifier})";

        private void OnChanged(object? sender, CacheChangedEventArgs e)
        {
            if (!_live || Volatile.Read(ref _stopped) != 0)
            {
                return;
            }
            // The cache raises changes in order on one loop; the session's dispatcher keeps that order
            // into the event queue, behind the session's watch events.
            var change = new ZKCacheChange(this, e, Interlocked.Increment(ref _sequence));
            Session.Dispatcher.Post(() => _events.GenerateEvent(SourceIdentifier, this, new object[] { this, change }, _messageData, true, false));
        }

        private void OnSessionStateChanged(object? sender, ConnectionChangedEventArgs e)
        {
            if (e.State.IsTerminal())
            {
                Dispose();
            }
        }
    }
}
