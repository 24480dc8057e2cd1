using System;
using System.Collections.Generic;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client.Io
{
    /// <summary>The kinds of watch the client tracks. SetWatches lists them in this order, persistent last.</summary>
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
    /// <para>
    /// It also keeps one-shot and persistent watches on one path apart on the server. The 3.8.0
    /// server (ZOOKEEPER-4466) keeps one watch mode per session and path: a one-shot getData or
    /// exists watch set on a path the session watches persistently (plain or recursive) replaces
    /// the persistent watch, so descendant events stop at once and nothing at all is left once the
    /// one-shot fires; a one-shot getChildren watch does the same to a plain persistent watch's
    /// child events. The server does not say so. Setting the persistent watch last is safe (it
    /// replaces the one-shot, whose events it also delivers), and so is SetWatches, which the
    /// server applies one-shots first. So such a one-shot is written without its watch flag and
    /// rides on the persistent watch: it is recorded here as usual and fired from the persistent
    /// watch's events for that path. Whether a persistent watch is there is judged in the order
    /// requests are written (<see cref="OnSending"/>), which is the order the server applies them.
    /// </para>
    /// </summary>
    internal sealed class WatchManager
    {
        private readonly object _gate = new object();
        private readonly bool _guard;
        private readonly Dictionary<WatchKind, Dictionary<string, HashSet<Action<WatchedEvent>>>> _tables =
            new Dictionary<WatchKind, Dictionary<string, HashSet<Action<WatchedEvent>>>>();
        // The paths the server holds a persistent watch on for this session, as of the last request
        // written: from the AddWatch's writing to the RemoveWatches' writing, and after a reconnect
        // what SetWatches re-armed.
        private readonly HashSet<string> _sentPersistent = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _sentRecursive = new HashSet<string>(StringComparer.Ordinal);

        /// <param name="guard">False only in tests that show the server bug the guard avoids.</param>
        public WatchManager(bool guard)
        {
            _guard = guard;
            foreach (WatchKind kind in (WatchKind[])Enum.GetValues(typeof(WatchKind)))
            {
                _tables[kind] = new Dictionary<string, HashSet<Action<WatchedEvent>>>(StringComparer.Ordinal);
            }
        }

        /// <summary>
        /// Called by the writer as it writes each request, in server order: tracks persistent watches
        /// as the server holds them, and clears the watch flag of a one-shot on such a path.
        /// </summary>
        public void OnSending(IPendingRequest request)
        {
            if (!_guard)
            {
                return;
            }
            lock (_gate)
            {
                if (request.Op == OpCode.AddWatch)
                {
                    WatchRegistration added = request.Watch!;
                    (added.Kind == WatchKind.PersistentRecursive ? _sentRecursive : _sentPersistent).Add(added.Path);
                }
                else if (request.Op == OpCode.RemoveWatches && (WatcherType)((PathIntRequest)request.Record!).Value != WatcherType.Children)
                {
                    // The 3.8.0 server removes by table, whatever the mode: a data (or any) removal ends the persistent watch.
                    _sentPersistent.Remove(request.Path!);
                    _sentRecursive.Remove(request.Path!);
                }
                else if (request.Watch != null && RidesOnPersistent(request.Watch))
                {
                    request.SendWithoutWatchFlag();
                }
            }
        }

        /// <summary>A connection starts: the server holds what SetWatches re-arms, the persistent watches recorded here.</summary>
        public void OnConnectionStarting()
        {
            lock (_gate)
            {
                _sentPersistent.Clear();
                _sentPersistent.UnionWith(_tables[WatchKind.Persistent].Keys);
                _sentRecursive.Clear();
                _sentRecursive.UnionWith(_tables[WatchKind.PersistentRecursive].Keys);
            }
        }

        private bool RidesOnPersistent(WatchRegistration oneShot)
        {
            switch (oneShot.Kind)
            {
                case WatchKind.Data:
                case WatchKind.Exists:
                    return _sentPersistent.Contains(oneShot.Path) || _sentRecursive.Contains(oneShot.Path);
                case WatchKind.Child:
                    // A recursive watch takes no child events, so a one-shot child watch cannot cost it any.
                    return _sentPersistent.Contains(oneShot.Path);
                default:
                    return false;
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

        /// <summary>The paths armed for each kind, for SetWatches, enumerated in WatchKind order.</summary>
        public Dictionary<WatchKind, List<string>> Snapshot()
        {
            var snapshot = new Dictionary<WatchKind, List<string>>();
            lock (_gate)
            {
                foreach (WatchKind kind in (WatchKind[])Enum.GetValues(typeof(WatchKind)))
                {
                    snapshot[kind] = new List<string>(_tables[kind].Keys);
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

        /// <summary>True when a persistent watch (plain or recursive) is armed on the path.</summary>
        public bool HasPersistent(string path)
        {
            lock (_gate)
            {
                return _tables[WatchKind.Persistent].ContainsKey(path) || _tables[WatchKind.PersistentRecursive].ContainsKey(path);
            }
        }

        /// <summary>True when a persistent watch stays on the path once the matching callbacks are removed.</summary>
        public bool KeepsPersistent(string path, WatcherType type, Action<WatchedEvent>? callback)
        {
            lock (_gate)
            {
                foreach (WatchKind kind in new[] { WatchKind.Persistent, WatchKind.PersistentRecursive })
                {
                    if (_tables[kind].TryGetValue(path, out var set) &&
                        (type != WatcherType.Any || (callback != null && (set.Count > 1 || !set.Contains(callback)))))
                    {
                        return true;
                    }
                }
                return false;
            }
        }

        /// <summary>
        /// The one-shots of a type (Data: data and exists; Children: child) on a path that missed a
        /// change made after <paramref name="since"/>, judged by the node's Stat now (null: missing).
        /// They are removed and returned with the event each would have had; the others stay armed.
        /// </summary>
        public List<KeyValuePair<Action<WatchedEvent>, EventType>> TakeMissed(string path, WatcherType type, Stat? now, long since)
        {
            var missed = new List<KeyValuePair<Action<WatchedEvent>, EventType>>();
            bool recreated = now == null || now.Czxid > since;
            lock (_gate)
            {
                if (type == WatcherType.Children)
                {
                    if (recreated || now!.Pzxid > since)
                    {
                        TakeAs(WatchKind.Child, path, recreated ? EventType.NodeDeleted : EventType.NodeChildrenChanged, missed);
                    }
                    return missed;
                }
                // A data one-shot was set on a present node; an exists one-shot in the Exists table, on a missing one.
                if (recreated || now!.Mzxid > since)
                {
                    TakeAs(WatchKind.Data, path, recreated ? EventType.NodeDeleted : EventType.NodeDataChanged, missed);
                }
                if (now != null)
                {
                    TakeAs(WatchKind.Exists, path, EventType.NodeCreated, missed);
                }
            }
            return missed;
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

        private void TakeAs(WatchKind kind, string path, EventType type, List<KeyValuePair<Action<WatchedEvent>, EventType>> into)
        {
            var taken = new List<Action<WatchedEvent>>();
            Take(kind, path, taken);
            foreach (var callback in taken)
            {
                into.Add(new KeyValuePair<Action<WatchedEvent>, EventType>(callback, type));
            }
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
