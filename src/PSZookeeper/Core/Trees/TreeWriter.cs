using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Core.Trees
{
    /// <summary>
    /// Creates a subtree's entries under a destination, one level at a time (every parent exists
    /// before its children are sent), each level as pipelined batches. Not atomic: a failure
    /// leaves the nodes created so far.
    /// </summary>
    internal static class TreeWriter
    {
        /// <summary>
        /// Creates the entries under <paramref name="destination"/> (and, with <paramref name="createParents"/>,
        /// the destination's missing ancestors: persistent, open ACL). With <paramref name="overwrite"/>, a node that exists
        /// gets the entry's data (and ACL, when the entry has one); without, it fails with NodeExists.
        /// Returns how many nodes were written.
        /// </summary>
        public static int Write(ITreeHost host, ZooKeeperClient client, string destination, IReadOnlyList<ZKTreeEntry> entries,
            bool overwrite, bool createParents, string activity)
        {
            int done = 0;
            foreach (IGrouping<int, ZKTreeEntry> level in entries.GroupBy(e => e.Depth).OrderBy(g => g.Key))
            {
                foreach (IReadOnlyList<ZKTreeEntry> batch in ZNodeTree.Batches<ZKTreeEntry>(level.ToList()))
                {
                                        host.Await(Task.WhenAll(batch.Select(e => WriteOneAsync(client, e.PathUnder(destination), e, overwrite, createParents && level.Key == 0))));
                    done += batch.Count;
                    host.Progress(activity, $"{done} of {entries.Count} znodes written", done, entries.Count);
                }
            }
            return done;
        }

        // Task<bool>, not Task: Task.WhenAll of them is a Task<T> the host can await.
        private static async Task<bool> WriteOneAsync(ZooKeeperClient client, string path, ZKTreeEntry entry, bool overwrite, bool createParents)
        {
            try
            {
                IReadOnlyList<Acl> acl = entry.Acl ?? Ids.OpenAclUnsafe;
                CreateMode mode = ZKNodeModes.ToCreateMode(entry.Mode);
                await (createParents
                    ? client.CreateRecursiveAsync(path, entry.Data, acl, mode, entry.Ttl)
                    : client.CreateWithStatAsync(path, entry.Data, acl, mode, entry.Ttl)).ConfigureAwait(false);
            }
            catch (NodeExistsException) when (overwrite)
            {
                await client.SetDataAsync(path, entry.Data).ConfigureAwait(false);
                if (entry.Acl != null)
                {
                    await client.SetAclAsync(path, entry.Acl).ConfigureAwait(false);
                }
            }
            return true;
        }
    }
}
