using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Recipes.Caching;

namespace PSZookeeper.Recipes.Tests
{
    /// <summary>Reads a subtree straight from the server, to compare a cache against.</summary>
    internal static class Trees
    {
        public static async Task<Dictionary<string, (string Data, long Czxid, long Mzxid)>> ReadAsync(ZooKeeperClient client, string root)
        {
            var result = new Dictionary<string, (string, long, long)>(StringComparer.Ordinal);
            var pending = new Queue<string>();
            pending.Enqueue(root);
            while (pending.Count > 0)
            {
                string path = pending.Dequeue();
                try
                {
                    NodeData node = await client.GetDataAsync(path);
                    result[path] = (Text(node.Data), node.Stat.Czxid, node.Stat.Mzxid);
                    foreach (string child in await client.GetChildrenAsync(path))
                    {
                        pending.Enqueue(path + "/" + child);
                    }
                }
                catch (NoNodeException)
                {
                    // Gone between listing and reading.
                }
            }
            return result;
        }

        /// <summary>Null when the cache equals the server's copy, else the first difference.</summary>
        public static string? Difference(IReadOnlyDictionary<string, CachedNode> cached, Dictionary<string, (string Data, long Czxid, long Mzxid)> server)
        {
            foreach (var pair in server)
            {
                if (!cached.TryGetValue(pair.Key, out CachedNode? node))
                {
                    return $"missing {pair.Key}";
                }
                if (Text(node.Data) != pair.Value.Data || node.Stat.Czxid != pair.Value.Czxid || node.Stat.Mzxid != pair.Value.Mzxid)
                {
                    return $"stale {pair.Key}: cached '{Text(node.Data)}' czxid {node.Stat.Czxid}, server '{pair.Value.Data}' czxid {pair.Value.Czxid}";
                }
            }
            string? extra = cached.Keys.FirstOrDefault(k => !server.ContainsKey(k));
            return extra == null ? null : $"extra {extra}";
        }

        private static string Text(byte[]? data) => data == null ? "<null>" : Encoding.UTF8.GetString(data);
    }
}
