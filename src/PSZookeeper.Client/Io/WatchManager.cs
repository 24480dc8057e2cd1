using System;
using System.Collections.Generic;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Client.Io
{
    /// <summary>The kinds of watch the client tracks; each maps to one server-side table.</summary>
    internal enum WatchKind
    {
        Data,
        Exists,
        Child,
        Persistent,
        PersistentRecursive,
    }

    /// <summary>A watch to record once the server confirms it.</summary>
    internal sealed class WatchRegistration
    {
        public WatchRegistration(WatchKind kind, string path, Action<WatchedEvent> callback)
        {
            Kind = kind;
            Path = path;
            Callback = callback;
        }

        public WatchKind Kind { get; }
        public string Path { get; }
        public Action<WatchedEvent> Callback { get; }
    }

    /// <summary>
    /// The client's record of armed watches, keyed by client path. Decides which callbacks an
    /// event triggers (one-shot watches are removed as they fire) and lists what to re-arm with
    /// SetWatches after a reconnect. The same callback on the same path fires once per event.
    /// </summary>
    internal sealed class WatchManager
    {
        private readonly object _gate = new object();
        private readonly Dictionary<WatchKind, Dictionary<string, HashSet<Action<WatchedEvent>>>> _tables =
            new Dictionary<WatchKind, Dictionary<string, HashSet<Action<WatchedEvent>>>>();

        public WatchManager()
        {
            foreach (WatchKind kind in (WatchKind[])Enum.GetValues(typeof(WatchKind)))
            {
                _tables[kind] = new Dictionary<string, HashSet<Action<WatchedEvent>>>(StringComparer.Ordinal);
            }
        }

        /// <summary>Records a watch the server confirmed with <paramref name="replyCode"/>.</summary>
        public void Register(WatchRegistration registration, ErrorCode replyCode)
        {
            WatchKind kind = registration.Kind;
            if (kind == WatchKind.Exists)
            {
                // The server keeps an exists watch on a present node as a data watch.
                if (replyCode == ErrorCode.Ok)
                {
                    kind = WatchKind.Data;
                }
                else if (replyCode != ErrorCode.NoNode)
                {
                    return;
                }
            }
            else if (replyCode != ErrorCode.Ok)
            {
                return;
            }
            lock (_gate)
            {
                Add(kind, registration.Path, registration.Callback);
            }
        }

        /// <summary>The callbacks an event triggers; one-shot watches are consumed.</summary>
        public List<Action<WatchedEvent>> Materialize(EventType type, string path)
        {
            var result = new List<Action<WatchedEvent>>();
            lock (_gate)
            {
                switch (type)
                {
                    case EventType.NodeCreated:
                    case EventType.NodeDataChanged:
                        Take(WatchKind.Data, path, result);
                        Take(WatchKind.Exists, path, result);
                        AddPersistent(path, result, recursiveToo: true);
                        break;
                    case EventType.NodeDeleted:
                        Take(WatchKind.Data, path, result);
                        Take(WatchKind.Exists, path, result);
                        Take(WatchKind.Child, path, result);
                        AddPersistent(path, result, recursiveToo: true);
                        break;
                    case EventType.NodeChildrenChanged:
                        Take(WatchKind.Child, path, result);
                        // Recursive watches report the child's own creation or deletion instead.
                        AddPersistent(path, result, recursiveToo: false);
                        break;
                }
            }
            return result;
        }

        /// <summary>True when any watch is armed (a reconnect must then send SetWatches).</summary>
        public bool IsEmpty
        {
            get
            {
                lock (_gate)
                {
                    foreach (var table in _tables.Values)
                    {
                        if (table.Count > 0)
                        {
                            return false;
                        }
                    }
                    return true;
                }
            }
        }

        /// <summary>The paths armed for each kind, for SetWatches.</summary>
        public Dictionary<WatchKind, List<string>> Snapshot()
        {
            var snapshot = new Dictionary<WatchKind, List<string>>();
            lock (_gate)
            {
                foreach (var pair in _tables)
                {
                    snapshot[pair.Key] = new List<string>(pair.Value.Keys);
                }
            }
            return snapshot;
        }

        /// <summary>
        /// Removes the given callback (or every callback when null) of the matching kinds from a
        /// path. Returns what was removed with the kind it was armed as.
        /// </summary>
        public List<KeyValuePair<WatchKind, Action<WatchedEvent>>> Remove(string path, WatcherType type, Action<WatchedEvent>? callback)
        {
            var removed = new List<KeyValuePair<WatchKind, Action<WatchedEvent>>>();
            lock (_gate)
            {
                foreach (WatchKind kind in KindsOf(type))
                {
                    if (!_tables[kind].TryGetValue(path, out var set))
                    {
                        continue;
                    }
                    if (callback == null)
                    {
                        foreach (var cb in set)
                        {
                            removed.Add(new KeyValuePair<WatchKind, Action<WatchedEvent>>(kind, cb));
                        }
                        _tables[kind].Remove(path);
                    }
                    else if (set.Remove(callback))
                    {
                        removed.Add(new KeyValuePair<WatchKind, Action<WatchedEvent>>(kind, callback));
                        if (set.Count == 0)
                        {
                            _tables[kind].Remove(path);
                        }
                    }
                }
            }
            return removed;
        }

        /// <summary>True when a callback (or any, when null) of the matching kinds is armed on the path.</summary>
        public bool Contains(string path, WatcherType type, Action<WatchedEvent>? callback)
        {
            lock (_gate)
            {
                foreach (WatchKind kind in KindsOf(type))
                {
                    if (_tables[kind].TryGetValue(path, out var set) && (callback == null || set.Contains(callback)))
                    {
                        return true;
                    }
                }
                return false;
            }
        }

        /// <summary>True when a callback other than <paramref name="callback"/> of the matching kinds is armed on the path.</summary>
        public bool HasOthers(string path, WatcherType type, Action<WatchedEvent> callback)
        {
            lock (_gate)
            {
                foreach (WatchKind kind in KindsOf(type))
                {
                    if (_tables[kind].TryGetValue(path, out var set) && (set.Count > 1 || !set.Contains(callback)))
                    {
                        return true;
                    }
                }
                return false;
            }
        }

        /// <summary>Every callback, removed: the session is over.</summary>
        public List<Action<WatchedEvent>> Clear()
        {
            var all = new List<Action<WatchedEvent>>();
            lock (_gate)
            {
                var seen = new HashSet<Action<WatchedEvent>>();
                foreach (var table in _tables.Values)
                {
                    foreach (var set in table.Values)
                    {
                        foreach (var cb in set)
                        {
                            if (seen.Add(cb))
                            {
                                all.Add(cb);
                            }
                        }
                    }
                    table.Clear();
                }
            }
            return all;
        }

        private static IEnumerable<WatchKind> KindsOf(WatcherType type)
        {
            if (type == WatcherType.Children || type == WatcherType.Any)
            {
                yield return WatchKind.Child;
            }
            if (type == WatcherType.Data || type == WatcherType.Any)
            {
                yield return WatchKind.Data;
                yield return WatchKind.Exists;
            }
            if (type == WatcherType.Any)
            {
                yield return WatchKind.Persistent;
                yield return WatchKind.PersistentRecursive;
            }
        }

        private void Add(WatchKind kind, string path, Action<WatchedEvent> callback)
        {
            if (!_tables[kind].TryGetValue(path, out var set))
            {
                set = new HashSet<Action<WatchedEvent>>();
                _tables[kind][path] = set;
            }
            set.Add(callback);
        }

        private void Take(WatchKind kind, string path, List<Action<WatchedEvent>> into)
        {
            if (_tables[kind].TryGetValue(path, out var set))
            {
                _tables[kind].Remove(path);
                AddDistinct(into, set);
            }
        }

        private void AddPersistent(string path, List<Action<WatchedEvent>> into, bool recursiveToo)
        {
            if (_tables[WatchKind.Persistent].TryGetValue(path, out var set))
            {
                AddDistinct(into, set);
            }
            if (!recursiveToo || _tables[WatchKind.PersistentRecursive].Count == 0)
            {
                return;
            }
            for (string p = path; ; p = ZNodePath.GetParent(p))
            {
                if (_tables[WatchKind.PersistentRecursive].TryGetValue(p, out var recursive))
                {
                    AddDistinct(into, recursive);
                }
                if (p == "/")
                {
                    break;
                }
            }
        }

        private static void AddDistinct(List<Action<WatchedEvent>> into, HashSet<Action<WatchedEvent>> from)
        {
            foreach (var cb in from)
            {
                if (!into.Contains(cb))
                {
                    into.Add(cb);
                }
            }
        }
    }
}
