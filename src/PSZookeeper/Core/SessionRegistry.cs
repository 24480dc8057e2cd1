using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;

namespace PSZookeeper.Core
{
    /// <summary>
    /// The named sessions of one runspace and which one is current. Thread-safe.
    /// </summary>
    internal sealed class SessionRegistry
    {
        private static readonly ConditionalWeakTable<object, SessionRegistry> PerOwner = new ConditionalWeakTable<object, SessionRegistry>();
        private static readonly SessionRegistry Fallback = new SessionRegistry();

        private readonly object _gate = new object();
        private readonly Dictionary<string, ZKSession> _sessions = new Dictionary<string, ZKSession>(StringComparer.OrdinalIgnoreCase);
        private ZKSession? _current;
        private int _counter;

        /// <summary>The registry owned by <paramref name="owner"/> (a runspace); one shared registry for null.</summary>
        public static SessionRegistry For(object? owner) => owner == null ? Fallback : PerOwner.GetValue(owner, _ => new SessionRegistry());

        /// <summary>The current session, or null.</summary>
        public ZKSession? Current
        {
            get
            {
                lock (_gate)
                {
                    return _current;
                }
            }
        }

        /// <summary>All sessions, in name order.</summary>
        public IReadOnlyList<ZKSession> Sessions
        {
            get
            {
                lock (_gate)
                {
                    return _sessions.Values.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToArray();
                }
            }
        }

        /// <summary>A name no session has yet: Session1, Session2, ...</summary>
        public string NextName()
        {
            lock (_gate)
            {
                string name;
                do
                {
                    _counter++;
                    name = "Session" + _counter.ToString(CultureInfo.InvariantCulture);
                }
                while (_sessions.ContainsKey(name));
                return name;
            }
        }

        /// <summary>
        /// Adds a session, making it current. A session already registered under the same name
        /// is replaced and returned so the caller can close it.
        /// </summary>
        public ZKSession? Add(ZKSession session, bool makeCurrent = true)
        {
            if (session == null)
            {
                throw new ArgumentNullException(nameof(session));
            }
            lock (_gate)
            {
                _sessions.TryGetValue(session.Name, out ZKSession? replaced);
                _sessions[session.Name] = session;
                if (makeCurrent || _current == null || ReferenceEquals(_current, replaced))
                {
                    SetCurrent(session);
                }
                return ReferenceEquals(replaced, session) ? null : replaced;
            }
        }

        /// <summary>The session with this name, or null.</summary>
        public ZKSession? Find(string name)
        {
            lock (_gate)
            {
                return _sessions.TryGetValue(name, out ZKSession? s) ? s : null;
            }
        }

        /// <summary>Sessions whose names match a PowerShell wildcard pattern, ignoring case (<see cref="NameFilter"/>).</summary>
        public IReadOnlyList<ZKSession> Match(string pattern)
        {
            var patterns = new[] { pattern };
            return Sessions.Where(s => NameFilter.Matches(patterns, s.Name)).ToArray();
        }

        /// <summary>Makes a registered session current.</summary>
        public void MakeCurrent(ZKSession session)
        {
            lock (_gate)
            {
                if (!_sessions.TryGetValue(session.Name, out ZKSession? found) || !ReferenceEquals(found, session))
                {
                    throw new ArgumentException($"Session '{session.Name}' is not registered.", nameof(session));
                }
                SetCurrent(session);
            }
        }

        /// <summary>Removes a session (if it is the registered one); the most recent other session becomes current.</summary>
        public bool Remove(ZKSession session)
        {
            lock (_gate)
            {
                if (!_sessions.TryGetValue(session.Name, out ZKSession? found) || !ReferenceEquals(found, session))
                {
                    return false;
                }
                _sessions.Remove(session.Name);
                session.IsCurrent = false;
                if (ReferenceEquals(_current, session))
                {
                    SetCurrent(_sessions.Values.OrderByDescending(s => s.ConnectedAt).FirstOrDefault());
                }
                return true;
            }
        }

        private void SetCurrent(ZKSession? session)
        {
            if (_current != null)
            {
                _current.IsCurrent = false;
            }
            _current = session;
            if (session != null)
            {
                session.IsCurrent = true;
            }
        }
    }
}
