namespace PSZookeeper.Client
{
    /// <summary>What happened to a watched znode. The values are the wire codes.</summary>
    public enum EventType
    {
        /// <summary>A connection-state event, not about a node.</summary>
        None = -1,
        /// <summary>The node was created.</summary>
        NodeCreated = 1,
        /// <summary>The node was deleted.</summary>
        NodeDeleted = 2,
        /// <summary>The node's data changed.</summary>
        NodeDataChanged = 3,
        /// <summary>A child was added or removed.</summary>
        NodeChildrenChanged = 4,
        /// <summary>A data watch was removed by RemoveWatches.</summary>
        DataWatchRemoved = 5,
        /// <summary>A child watch was removed by RemoveWatches.</summary>
        ChildWatchRemoved = 6,
        /// <summary>A persistent watch was removed by RemoveWatches.</summary>
        PersistentWatchRemoved = 7,
    }

    /// <summary>The session state the server reports with an event. The values are the wire codes.</summary>
    public enum KeeperState
    {
        /// <summary>Unknown.</summary>
        Unknown = -1,
        /// <summary>Disconnected.</summary>
        Disconnected = 0,
        /// <summary>Connected.</summary>
        SyncConnected = 3,
        /// <summary>Authentication failed.</summary>
        AuthFailed = 4,
        /// <summary>Connected to a read-only server.</summary>
        ConnectedReadOnly = 5,
        /// <summary>The session expired.</summary>
        Expired = -112,
        /// <summary>The client was closed.</summary>
        Closed = 7,
    }

    /// <summary>Which kind of watch (for RemoveWatches / CheckWatches). The values are the wire codes.</summary>
    public enum WatcherType
    {
        /// <summary>Child watches.</summary>
        Children = 1,
        /// <summary>Data and exists watches.</summary>
        Data = 2,
        /// <summary>Every kind.</summary>
        Any = 3,
    }

    /// <summary>The kinds of watch AddWatch sets. The values are the wire codes.</summary>
    public enum AddWatchMode
    {
        /// <summary>Data and child events on the node itself, until removed.</summary>
        Persistent = 0,
        /// <summary>Data events on the node and every descendant, until removed.</summary>
        PersistentRecursive = 1,
    }

    /// <summary>A watch notification, with the chroot already removed from the path.</summary>
    public sealed class WatchedEvent
    {
        /// <summary>Creates an event.</summary>
        public WatchedEvent(EventType type, KeeperState state, string? path)
        {
            Type = type;
            State = state;
            Path = path;
        }

        /// <summary>What happened.</summary>
        public EventType Type { get; }

        /// <summary>The session state when it happened.</summary>
        public KeeperState State { get; }

        /// <summary>The znode concerned; null for state events.</summary>
        public string? Path { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{Type} {Path} ({State})";
    }
}
