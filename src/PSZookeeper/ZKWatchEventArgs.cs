using System;
using PSZookeeper.Client;

namespace PSZookeeper
{
    /// <summary>
    /// One watch notification as a PowerShell event's SourceEventArgs ($EventArgs). Child events
    /// carry the names added and removed, data events the new data, so scripts keep no state.
    /// </summary>
    public sealed class ZKWatchEventArgs : EventArgs
    {
        private static readonly string[] None = new string[0];

        public ZKWatchEventArgs(ZKWatcher watcher, EventType eventType, string path, long sequence)
        {
            Watcher = watcher;
            EventType = eventType;
            Path = path;
            Sequence = sequence;
            TimeGenerated = DateTime.Now;
        }

        public ZKWatcher Watcher { get; }

        /// <summary>NodeCreated, NodeDeleted, NodeDataChanged, NodeChildrenChanged, ...</summary>
        public EventType EventType { get; }

        /// <summary>The same as <see cref="EventType"/>, shorter for filters: Where-Object Type -eq NodeDataChanged.</summary>
        public EventType Type => EventType;

        /// <summary>The node the event is about (under the watched path for recursive watches).</summary>
        public string Path { get; }

        public string WatchedPath => Watcher.Path;

        public ZKWatchKind Kind => Watcher.Kind;

        /// <summary>1, 2, 3, ... per subscription, in delivery order.</summary>
        public long Sequence { get; }

        public DateTime TimeGenerated { get; }

        /// <summary>Child names added since the previous child event (children watches).</summary>
        public string[] Added { get; internal set; } = None;

        /// <summary>Child names removed since the previous child event (children watches).</summary>
        public string[] Removed { get; internal set; } = None;

        /// <summary>All current children (children watches).</summary>
        public string[] Children { get; internal set; } = None;

        /// <summary>The data (UTF-8 text) read after the event (data watches), or null.</summary>
        public string? Data { get; internal set; }

        /// <summary>The Stat read after the event (data watches), or null.</summary>
        public Stat? Stat { get; internal set; }

        public ZKSession Session => Watcher.Session;

        public override string ToString() => $"{EventType} {Path}";
    }
}
