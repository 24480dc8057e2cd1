using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using PSZookeeper.TestServers;

namespace PSZookeeper.Recipes.Tests
{
    /// <summary>What the server itself says about watches (the wchp four-letter word).</summary>
    internal static class ServerWatches
    {
        /// <summary>The watched paths at or below <paramref name="root"/>, as the server holds them.</summary>
        public static async Task<List<string>> PathsUnderAsync(ZooKeeperServer server, string root)
        {
            string reply = await server.SendFourLetterWordAsync("wchp");
            var paths = new List<string>();
            foreach (string line in reply.Split('\n'))
            {
                string trimmed = line.TrimEnd('\r');
                if (trimmed.StartsWith("/", StringComparison.Ordinal) &&
                    (trimmed == root || trimmed.StartsWith(root + "/", StringComparison.Ordinal)))
                {
                    paths.Add(trimmed);
                }
            }
            return paths;
        }
    }
}
