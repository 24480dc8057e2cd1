using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Recipes;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// Reads the whole farm as one <see cref="FarmSnapshot"/>: the masters in election order, the
    /// workers with their slots, labels and running tasks, the queue by state and priority, the
    /// recent finishes (from the finished marks in done/) and the recurring schedules. Reads only: any participant or submitter
    /// that may read the farm may take one.
    /// </summary>
    public static class FarmView
    {
        /// <summary>How far back <see cref="FarmSnapshot.FinishedLastMinute"/> looks.</summary>
        public static readonly TimeSpan RecentWindow = TimeSpan.FromMinutes(1);

        /// <summary>The most recent finished marks read for the recent counts.</summary>
        private const int MaxRecentMarks = 5000;

        /// <summary>Reads the farm at <paramref name="paths"/>.</summary>
        /// <exception cref="ArgumentException">There is no farm there.</exception>
        public static async Task<FarmSnapshot> ReadAsync(ZooKeeperClient client, FarmPaths paths)
        {
            if (await client.ExistsAsync(paths.Tasks).ConfigureAwait(false) == null)
            {
                throw new ArgumentException($"There is no farm at {paths.Root}: no master or worker has started there.", nameof(paths));
            }
            Task<IReadOnlyList<string>> masters = MastersAsync(client, paths);
            Task<IReadOnlyList<FarmWorkerView>> workers = WorkersAsync(client, paths);
            Task<IReadOnlyList<string>> queued = ChildrenAsync(client, paths.Tasks);
            Task<(int Finished, int Failed, int Kept)> recent = RecentAsync(client, paths);
            Task<IReadOnlyList<ScheduleInfo>> schedules = ScheduleBook.ReadAllAsync(client, paths);
            var snapshot = new FarmSnapshot(paths.Root, DateTimeOffset.UtcNow)
            {
                Masters = await masters.ConfigureAwait(false),
                Workers = await workers.ConfigureAwait(false),
                Schedules = await schedules.ConfigureAwait(false),
            };
            await CountQueueAsync(client, paths, await queued.ConfigureAwait(false), snapshot).ConfigureAwait(false);
            (snapshot.FinishedLastMinute, snapshot.FailedLastMinute, snapshot.FinishedKept) = await recent.ConfigureAwait(false);
            snapshot.Running = snapshot.Workers.Sum(w => w.Running.Count);
            return snapshot;
        }

        /// <summary>The candidates' names in election order: the first leads.</summary>
        private static async Task<IReadOnlyList<string>> MastersAsync(ZooKeeperClient client, FarmPaths paths)
        {
            using (var election = new LeaderElection(client, paths.Election))
            {
                IReadOnlyList<string> candidates = await election.GetCandidatesAsync().ConfigureAwait(false);
                var reads = candidates.Select(node => ReadAsync(client, FarmPaths.Child(paths.Election, node))).ToList();
                var names = new List<string>();
                foreach (Task<NodeData?> read in reads)
                {
                    NodeData? node = await read.ConfigureAwait(false);
                    if (node != null)
                    {
                        names.Add(Encoding.UTF8.GetString(node.Data ?? Array.Empty<byte>()));
                    }
                }
                return names;
            }
        }

        private static async Task<IReadOnlyList<FarmWorkerView>> WorkersAsync(ZooKeeperClient client, FarmPaths paths)
        {
            IReadOnlyList<string> names = await ChildrenAsync(client, paths.Workers).ConfigureAwait(false);
            var reads = names.Select(name => (info: ReadAsync(client, paths.Worker(name)), tasks: ChildrenAsync(client, paths.WorkerAssignments(name)))).ToList();
            var workers = new List<FarmWorkerView>();
            foreach (var (info, tasks) in reads)
            {
                NodeData? node = await info.ConfigureAwait(false);
                IReadOnlyList<string> running = await tasks.ConfigureAwait(false);
                if (node != null)
                {
                    workers.Add(new FarmWorkerView(FarmJson.Read<WorkerInfo>(node.Data, "worker"), TaskNames.InQueueOrder(running).ToList()));
                }
            }
            return workers.OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// Counts the queue from its buckets' child counts (a bucket's name says its tasks' priority
        /// and when they fall due), so a long queue costs one read per bucket, not per task.
        /// </summary>
        private static async Task CountQueueAsync(ZooKeeperClient client, FarmPaths paths, IReadOnlyList<string> children, FarmSnapshot snapshot)
        {
            var byPriority = new SortedDictionary<int, int>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
            var reads = new List<(QueueBucket Bucket, Task<Stat?> Stat)>();
            foreach (string child in children)
            {
                if (child.StartsWith(FarmPaths.CancelPrefix, StringComparison.Ordinal))
                {
                    snapshot.Cancelling++;
                }
                else if (QueueBucket.TryParse(child, out QueueBucket bucket))
                {
                    reads.Add((bucket, client.ExistsAsync(paths.Bucket(child))));
                }
            }
            foreach (var (bucket, read) in reads)
            {
                int count = (await read.ConfigureAwait(false))?.NumChildren ?? 0;
                if (count == 0)
                {
                    continue;
                }
                if (bucket.DueAt > snapshot.ReadAt)
                {
                    snapshot.Delayed += count;
                }
                else
                {
                    snapshot.Queued += count;
                }
                byPriority.TryGetValue(bucket.Priority, out int total);
                byPriority[bucket.Priority] = total + count;
            }
            snapshot.QueuedByPriority = byPriority.Select(p => new KeyValuePair<int, int>(p.Key, p.Value)).ToList();
        }

        /// <summary>Finishes and failures within <see cref="RecentWindow"/>, newest marks first, and how many finished tasks are kept.</summary>
        private static async Task<(int Finished, int Failed, int Kept)> RecentAsync(ZooKeeperClient client, FarmPaths paths)
        {
            IReadOnlyList<string> marks = await ChildrenAsync(client, paths.Done).ConfigureAwait(false);
            DateTimeOffset since = DateTimeOffset.UtcNow - RecentWindow;
            int finished = 0;
            int failed = 0;
            var newest = marks.OrderByDescending(TaskNames.Sequence).Take(MaxRecentMarks).ToList();
            for (int start = 0; start < newest.Count; start += 200)
            {
                var reads = newest.Skip(start).Take(200).Select(mark => ReadAsync(client, FarmPaths.Child(paths.Done, mark))).ToList();
                foreach (Task<NodeData?> read in reads)
                {
                    NodeData? mark = await read.ConfigureAwait(false);
                    if (mark == null)
                    {
                        continue;
                    }
                    if (DateTimeOffset.FromUnixTimeMilliseconds(mark.Stat.Ctime) < since)
                    {
                        return (finished, failed, marks.Count);
                    }
                    finished++;
                    failed += Encoding.UTF8.GetString(mark.Data ?? Array.Empty<byte>()) == nameof(TaskState.Failed) ? 1 : 0;
                }
            }
            return (finished, failed, marks.Count);
        }

        private static async Task<NodeData?> ReadAsync(ZooKeeperClient client, string path)
        {
            try
            {
                return await client.GetDataAsync(path).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return null;
            }
        }

        private static async Task<IReadOnlyList<string>> ChildrenAsync(ZooKeeperClient client, string path)
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

    /// <summary>The farm at one moment (see <see cref="FarmView"/>).</summary>
    public sealed class FarmSnapshot
    {
        internal FarmSnapshot(string root, DateTimeOffset readAt)
        {
            Root = root;
            ReadAt = readAt;
        }

        /// <summary>The farm's root.</summary>
        public string Root { get; }

        /// <summary>When it was read (UTC).</summary>
        public DateTimeOffset ReadAt { get; }

        /// <summary>The master candidates in election order: the first is active, the rest are backups.</summary>
        public IReadOnlyList<string> Masters { get; internal set; } = Array.Empty<string>();

        /// <summary>The active master; null when none runs.</summary>
        public string? ActiveMaster => Masters.Count > 0 ? Masters[0] : null;

        /// <summary>The backup masters, next in line first.</summary>
        public IReadOnlyList<string> Backups => Masters.Skip(1).ToList();

        /// <summary>The live workers by name.</summary>
        public IReadOnlyList<FarmWorkerView> Workers { get; internal set; } = Array.Empty<FarmWorkerView>();

        /// <summary>Queued tasks that are due (waiting for a slot, a label or a concurrency limit; a retry waiting out its backoff is counted here).</summary>
        public int Queued { get; internal set; }

        /// <summary>Queued tasks not due yet (submitted with a NotBefore in the future).</summary>
        public int Delayed { get; internal set; }

        /// <summary>Queued and delayed tasks by priority, highest first.</summary>
        public IReadOnlyList<KeyValuePair<int, int>> QueuedByPriority { get; internal set; } = Array.Empty<KeyValuePair<int, int>>();

        /// <summary>Cancellations the master has not recorded yet.</summary>
        public int Cancelling { get; internal set; }

        /// <summary>Tasks running on workers.</summary>
        public int Running { get; internal set; }

        /// <summary>Finished tasks the farm still keeps (see <see cref="TaskRetention"/>).</summary>
        public int FinishedKept { get; internal set; }

        /// <summary>Tasks that finished within the last minute (any final state).</summary>
        public int FinishedLastMinute { get; internal set; }

        /// <summary>Tasks that failed (for good) within the last minute.</summary>
        public int FailedLastMinute { get; internal set; }

        /// <summary>The recurring schedules, by name, with the due time each fires for next.</summary>
        public IReadOnlyList<ScheduleInfo> Schedules { get; internal set; } = Array.Empty<ScheduleInfo>();
    }

    /// <summary>A live worker in a <see cref="FarmSnapshot"/>.</summary>
    public sealed class FarmWorkerView
    {
        internal FarmWorkerView(WorkerInfo info, IReadOnlyList<string> running)
        {
            Name = info.Id;
            Host = info.Host;
            Pid = info.Pid;
            Capacity = info.Capacity;
            Labels = info.Labels;
            Started = info.Started;
            Running = running;
        }

        /// <summary>The worker's name.</summary>
        public string Name { get; }

        /// <summary>Its machine.</summary>
        public string Host { get; }

        /// <summary>Its process id.</summary>
        public int Pid { get; }

        /// <summary>How many tasks it runs at once.</summary>
        public int Capacity { get; }

        /// <summary>Free slots now.</summary>
        public int Free => Math.Max(0, Capacity - Running.Count);

        /// <summary>What it offers to tasks' label requirements.</summary>
        public IReadOnlyList<string> Labels { get; }

        /// <summary>When it registered (UTC).</summary>
        public DateTimeOffset Started { get; }

        /// <summary>The tasks it runs now, in queue order.</summary>
        public IReadOnlyList<string> Running { get; }
    }
}
