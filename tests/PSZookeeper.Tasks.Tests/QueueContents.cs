using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>
    /// What waits in tasks/: the tasks in its queue buckets and the cancellation marks. Empty
    /// buckets are left out (the server removes them within its container check interval).
    /// </summary>
    internal static class QueueContents
    {
        /// <summary>The queued tasks and the marks.</summary>
        public static async Task<List<string>> ListAsync(ZooKeeperClient client, FarmPaths paths) =>
            (await SnapshotAsync(client, paths, Array.Empty<string>())).Queued;

        /// <summary>
        /// The queued tasks and marks, and the children of <paramref name="folders"/>, all read in one
        /// atomic multiRead (taken again while a bucket comes or goes between the two reads).
        /// </summary>
        public static async Task<(List<string> Queued, List<IReadOnlyList<string>> Folders)> SnapshotAsync(
            ZooKeeperClient client, FarmPaths paths, IReadOnlyList<string> folders)
        {
            for (int round = 1; ; round++)
            {
                IReadOnlyList<string> top = await client.GetChildrenAsync(paths.Tasks);
                var buckets = top.Where(child => QueueBucket.TryParse(child, out _)).ToList();
                var ops = new List<Op> { Op.GetChildren(paths.Tasks) };
                ops.AddRange(buckets.Select(bucket => Op.GetChildren(paths.Bucket(bucket))));
                ops.AddRange(folders.Select(Op.GetChildren));
                IReadOnlyList<OpResult> results = await client.MultiReadAsync(ops);
                IReadOnlyList<string> again = ((GetChildrenResult)results[0]).Children;
                if (!again.OrderBy(c => c, StringComparer.Ordinal).SequenceEqual(top.OrderBy(c => c, StringComparer.Ordinal)) && round < 20)
                {
                    continue;
                }
                var queued = again.Where(child => child.StartsWith(FarmPaths.CancelPrefix, StringComparison.Ordinal)).ToList();
                queued.AddRange(results.Skip(1).Take(buckets.Count).OfType<GetChildrenResult>().SelectMany(r => r.Children));
                var contents = results.Skip(1 + buckets.Count)
                    .Select(r => r is GetChildrenResult children ? children.Children : (IReadOnlyList<string>)Array.Empty<string>()).ToList();
                return (queued, contents);
            }
        }
    }
}
