using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Tasks;

namespace PSZookeeper.Bench.Farm;

/// <summary>
/// The backlog workload (--backlog N): N no-op tasks are queued while only the two masters run,
/// then 4 workers of capacity 4 drain them. JSON lines:
///   farm_backlog_queued   after 10,000 and after N submitted: submissions/s so far, and the active master's
///                         managed heap (after a full collection) and working set
///   farm_backlog_listing  the queue's folders as the master lists them, with N queued: the largest getChildren
///                         reply (bytes of the reply packet: header, vector and names) and its child count among
///                         tasks/ and its buckets, the number of buckets, and the reply one flat tasks/ folder of
///                         all N would need (over the server's 1 MiB jute.maxbuffer, it breaks the connection)
///   farm_backlog_sample   every 10 s of the drain: tasks finished, the active master's heap and working set
///   farm_backlog_drain    tasks/s from the workers' start to the last finish; txn_per_task = the server's zxid growth
///                         from the first submission until retention removed every task, per task; the master's
///                         largest heap and working set over the drain's samples
/// Bounded: submissions and every wait have a time limit.
/// </summary>
public static partial class Program
{
    private static readonly TimeSpan BacklogLimit = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);
    private static readonly ConcurrentDictionary<int, TaskCompletionSource<string>> MemoryReplies = new();

    private static async Task BacklogAsync(string hosts, FarmPaths paths, int count, Dictionary<string, Process> processes, string output)
    {
        using var client = await ZooKeeperClient.ConnectAsync(hosts);
        var submitter = new TaskSubmitter(client, new FarmOptions(hosts, paths));
        await WaitUntilAsync(async () => await client.ExistsAsync(paths.Master) != null, "no master became active");
        await submitter.GetSecurityAsync();
        long zxidBefore = await ZxidAsync(client);
        int finishedBefore = await FinishedAsync(client, paths);

        var clock = Stopwatch.StartNew();
        for (int offset = 0; offset < count; offset += 500)
        {
            if (clock.Elapsed > BacklogLimit)
            {
                throw new TimeoutException($"only {offset} of {count} tasks were submitted in {BacklogLimit}");
            }
            int batch = Math.Min(500, count - offset);
            await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => submitter.SubmitAsync(new TaskSpec { Command = "sleep:0" })));
            int submitted = offset + batch;
            if (submitted == Math.Min(10_000, count) || submitted == count)
            {
                var (heap, workingSet) = await MasterMemoryAsync(client, paths, processes);
                Emit("farm_backlog_queued", submitted, clock.Elapsed.TotalSeconds, new List<double> { clock.Elapsed.TotalMilliseconds / submitted },
                    string.Create(CultureInfo.InvariantCulture, $"\"queued\":{submitted},\"master_heap_mb\":{heap / 1048576.0:0.0},\"master_working_set_mb\":{workingSet / 1048576.0:0.0}"));
            }
        }
        await ListingAsync(client, paths, count);

        var drain = Stopwatch.StartNew();
        for (int i = 1; i <= 4; i++)
        {
            processes[$"w{i}"] = Host("worker", $"w{i}", hosts, paths.Root, "4", output);
        }
        long maxHeap = 0;
        long maxWorkingSet = 0;
        int finished;
        while ((finished = await FinishedAsync(client, paths) - finishedBefore) < count)
        {
            if (drain.Elapsed > BacklogLimit)
            {
                throw new TimeoutException($"only {finished} of {count} tasks finished in {BacklogLimit}");
            }
            await Task.Delay(SampleEvery);
            var (heap, workingSet) = await MasterMemoryAsync(client, paths, processes);
            (maxHeap, maxWorkingSet) = (Math.Max(maxHeap, heap), Math.Max(maxWorkingSet, workingSet));
            int now = await FinishedAsync(client, paths) - finishedBefore;
            Emit("farm_backlog_sample", now, drain.Elapsed.TotalSeconds, new List<double> { 0 },
                string.Create(CultureInfo.InvariantCulture, $"\"finished\":{now},\"master_heap_mb\":{heap / 1048576.0:0.0},\"master_working_set_mb\":{workingSet / 1048576.0:0.0}"));
        }
        double seconds = drain.Elapsed.TotalSeconds;
        await WaitUntilAsync(async () => await CountAsync(client, paths.Done) == 0 && await CountAsync(client, paths.Status) == 0, "retention did not remove the finished tasks");
        long transactions = await ZxidAsync(client) - zxidBefore;
        Emit("farm_backlog_drain", count, seconds, new List<double> { seconds * 1000 / count },
            string.Create(CultureInfo.InvariantCulture, $"\"txn_per_task\":{(double)transactions / count:0.00},\"max_master_heap_mb\":{maxHeap / 1048576.0:0.0},\"max_master_working_set_mb\":{maxWorkingSet / 1048576.0:0.0}"));
    }

    /// <summary>
    /// The sizes of the replies the master gets when it lists the queue: tasks/ (bucket names) and
    /// each bucket (its tasks), computed from the names as the server encodes a getChildren reply.
    /// </summary>
    private static async Task ListingAsync(ZooKeeperClient client, FarmPaths paths, int count)
    {
        static int ReplyBytes(IReadOnlyList<string> names) => 16 + 4 + names.Sum(name => 4 + Encoding.UTF8.GetByteCount(name));
        IReadOnlyList<string> buckets = await client.GetChildrenAsync(paths.Tasks);
        var listings = (await Task.WhenAll(buckets.Select(bucket => client.GetChildrenAsync(paths.Tasks + "/" + bucket)))).ToList();
        listings.Add(buckets);
        IReadOnlyList<string> largest = listings.OrderByDescending(ReplyBytes).First();
        int queued = listings.Take(buckets.Count).Sum(names => names.Count);
        int flat = 16 + 4 + listings.Take(buckets.Count).SelectMany(names => names).Sum(name => 4 + Encoding.UTF8.GetByteCount(name));
        Emit("farm_backlog_listing", queued, 0.001, new List<double> { 0 },
            string.Create(CultureInfo.InvariantCulture,
                $"\"queued\":{queued},\"expected\":{count},\"buckets\":{buckets.Count},\"largest_reply_bytes\":{ReplyBytes(largest)},\"largest_reply_children\":{largest.Count},\"tasks_folder_reply_bytes\":{ReplyBytes(buckets)},\"flat_folder_reply_bytes\":{flat},\"packet_limit_bytes\":1048576"));
    }

    /// <summary>The active master's managed heap (after a full collection) and working set, as it reports them.</summary>
    private static async Task<(long Heap, long WorkingSet)> MasterMemoryAsync(ZooKeeperClient client, FarmPaths paths, Dictionary<string, Process> processes)
    {
        Process master = processes[Encoding.UTF8.GetString((await client.GetDataAsync(paths.Master)).Data!)];
        var reply = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        MemoryReplies[master.Id] = reply;
        await master.StandardInput.WriteLineAsync("memory");
        await master.StandardInput.FlushAsync();
        string line = await reply.Task.WaitAsync(TimeSpan.FromSeconds(30));
        long Field(string name) => long.Parse(line.Split(' ').Single(part => part.StartsWith(name + "=", StringComparison.Ordinal)).Substring(name.Length + 1), CultureInfo.InvariantCulture);
        return (Field("heap"), Field("working_set"));
    }
}
