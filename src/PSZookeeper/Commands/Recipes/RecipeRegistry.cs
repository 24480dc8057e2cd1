using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using PSZookeeper.Client;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>
    /// The locks, elections and group memberships the recipe cmdlets hold, keyed by session and
    /// path, so Exit-ZKLock -Path and friends find them again. A session's entries are dropped
    /// when it ends (closed, expired or refused), since its recipes end with it.
    /// </summary>
    internal static class RecipeRegistry
    {
        public static readonly ConcurrentDictionary<(ZKSession, string), Lease> Leases = new ConcurrentDictionary<(ZKSession, string), Lease>();
        public static readonly ConcurrentDictionary<(ZKSession, string), LeaderElection> Elections = new ConcurrentDictionary<(ZKSession, string), LeaderElection>();
        public static readonly ConcurrentDictionary<(ZKSession, string), GroupMembership> Groups = new ConcurrentDictionary<(ZKSession, string), GroupMembership>();
        private static readonly ConcurrentDictionary<ZKSession, bool> Watched = new ConcurrentDictionary<ZKSession, bool>();

        /// <summary>Records what a session holds at a path.</summary>
        public static void Add<T>(ConcurrentDictionary<(ZKSession, string), T> table, ZKSession session, string path, T value) where T : class
        {
            table[(session, path)] = value;
            if (Watched.TryAdd(session, true))
            {
                session.StateChanged += (_, e) =>
                {
                    if (e.State.IsTerminal())
                    {
                        Forget(session);
                    }
                };
            }
            if (session.IsTerminal)
            {
                Forget(session);
            }
        }

        public static T? Take<T>(ConcurrentDictionary<(ZKSession, string), T> table, ZKSession session, string path) where T : class =>
            table.TryRemove((session, path), out T? value) ? value : null;

        public static IEnumerable<(ZKSession, string)> KeysFor<T>(ConcurrentDictionary<(ZKSession, string), T> table, T value) where T : class =>
            table.Where(kv => ReferenceEquals(kv.Value, value)).Select(kv => kv.Key).ToList();

        /// <summary>How many entries a session has in all three tables.</summary>
        public static int CountFor(ZKSession session) =>
            Leases.Keys.Count(k => k.Item1 == session) + Elections.Keys.Count(k => k.Item1 == session) + Groups.Keys.Count(k => k.Item1 == session);

        private static void Forget(ZKSession session)
        {
            Watched.TryRemove(session, out _);
            Drop(Leases, session);
            Drop(Elections, session);
            Drop(Groups, session);
        }

        private static void Drop<T>(ConcurrentDictionary<(ZKSession, string), T> table, ZKSession session)
        {
            foreach (var key in table.Keys.Where(k => k.Item1 == session).ToList())
            {
                table.TryRemove(key, out _);
            }
        }
    }
}
