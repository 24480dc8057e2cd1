using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>The locks, elections and group memberships the recipe cmdlets hold, keyed by session and path.</summary>
    internal static class RecipeRegistry
    {
        public static readonly ConcurrentDictionary<(ZKSession, string), Lease> Leases = new ConcurrentDictionary<(ZKSession, string), Lease>();
        public static readonly ConcurrentDictionary<(ZKSession, string), LeaderElection> Elections = new ConcurrentDictionary<(ZKSession, string), LeaderElection>();
        public static readonly ConcurrentDictionary<(ZKSession, string), GroupMembership> Groups = new ConcurrentDictionary<(ZKSession, string), GroupMembership>();

        public static T? Take<T>(ConcurrentDictionary<(ZKSession, string), T> table, ZKSession session, string path) where T : class =>
            table.TryRemove((session, path), out T? value) ? value : null;

        public static IEnumerable<(ZKSession, string)> KeysFor<T>(ConcurrentDictionary<(ZKSession, string), T> table, T value) where T : class =>
            table.Where(kv => ReferenceEquals(kv.Value, value)).Select(kv => kv.Key).ToList();
    }
}
