using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Tasks
{
    /// <summary>What waits in a farm's tasks/ folder, read the one way: its queue buckets' tasks and its cancellation marks.</summary>
    public static class QueuedTasks
    {
        /// <summary>
        /// The ids of the tasks waiting in the queue's buckets and of those a cancellation mark
        /// holds (see <see cref="TaskNames.OfQueueEntry"/>); the buckets are read in parallel, and
        /// one removed by the server meanwhile (emptied) adds nothing.
        /// </summary>
        /// <param name="client">A session that may read the farm.</param>
        /// <param name="paths">The farm's layout.</param>
        public static async Task<IReadOnlyList<string>> ListIdsAsync(ZooKeeperClient client, FarmPaths paths)
        {
            IReadOnlyList<string> queue = await ChildrenAsync(client, paths.Tasks).ConfigureAwait(false);
            var bucketReads = queue.Where(child => QueueBucket.TryParse(child, out _))
                .Select(bucket => ChildrenAsync(client, paths.Bucket(bucket))).ToList();
            var ids = queue.Where(child => child.StartsWith(FarmPaths.CancelPrefix, StringComparison.Ordinal))
                .Select(TaskNames.OfQueueEntry).ToList();
            foreach (Task<IReadOnlyList<string>> bucket in bucketReads)
            {
                ids.AddRange(await bucket.ConfigureAwait(false));
            }
            return ids;
        }

        internal static async Task<IReadOnlyList<string>> ChildrenAsync(ZooKeeperClient client, string path)
        {
            try
            {
                return await client.GetChildrenAsync(path).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return Array.Empty<string>();
            }
        }
    }
}
