using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>The queue split into buckets (priority, second) on a real server: order, a bounded master, a backlog drained.</summary>
    [Collection("farm-standalone")]
    public sealed class QueueBucketTests
    {
        private readonly StandaloneServerFixture _server;

        public QueueBucketTests(StandaloneServerFixture server) => _server = server;

        [Fact]
        public void BucketNamesReadBackAndSortByPriorityThenSlot()
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(1_764_669_600);
            QueueBucket bucket = QueueBucket.For(-3, at.AddMilliseconds(999));
            Assert.Equal("p-3-1764669600", bucket.Name);
            Assert.True(QueueBucket.TryParse(bucket.Name, out QueueBucket read));
            Assert.Equal((-3, 1_764_669_600L, at), (read.Priority, read.Slot, read.DueAt));
            foreach (string notABucket in new[] { "cancelled-task-a-p0-1-0000000001", "p0", "p-1", "px-1", "p0-", "p00-5", "p0-05", "p+1-5", "p0-99999999999999" })
            {
                Assert.False(QueueBucket.TryParse(notABucket, out _), notABucket);
            }

            string id = TaskNames.Prefix("abcdefghijklm", bucket) + "0000000007";
            Assert.True(TaskNames.TryGetBucket(id, out QueueBucket named));
            Assert.Equal(bucket.Name, named.Name);
            Assert.Equal(7, TaskNames.Sequence(id));
            Assert.Equal("/f/tasks/p-3-1764669600/" + id, new FarmPaths("/f").Task(id));

            var names = new[] { "p0-20", "p5-30", "p0-10", "p-1-5", "p5-10" };
            var ordered = names.Select(n => { QueueBucket.TryParse(n, out QueueBucket b); return b; }).OrderBy(b => b, QueueBucket.QueueOrder).Select(b => b.Name);
            Assert.Equal(new[] { "p5-10", "p5-30", "p0-10", "p0-20", "p-1-5" }, ordered);
        }

        [Fact]
        public async Task TasksRunByPriorityThenInTheOrderTheyFellDueAcrossBuckets()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);
            string now = await submitter.SubmitAsync(new TaskSpec { Command = "echo:now" }); // the farm's folders, and the newest bucket of priority 0
            DateTimeOffset at = DateTimeOffset.UtcNow;
            // Queued by hand as submitters did in earlier seconds, created out of queue order, so
            // neither creation order nor the per-bucket sequence alone gives the expected order.
            string p0Late = await QueueAsync(client, farm.Options.Paths, 0, at.AddSeconds(-2));
            string p0Early1 = await QueueAsync(client, farm.Options.Paths, 0, at.AddSeconds(-8));
            string p5Late = await QueueAsync(client, farm.Options.Paths, 5, at.AddSeconds(-1));
            string p0Early2 = await QueueAsync(client, farm.Options.Paths, 0, at.AddSeconds(-8));
            string p5Early = await QueueAsync(client, farm.Options.Paths, 5, at.AddSeconds(-9));
            string pMinus = await QueueAsync(client, farm.Options.Paths, -1, at.AddSeconds(-20));
            string p0Middle = await QueueAsync(client, farm.Options.Paths, 0, at.AddSeconds(-5));
            string p5Now = await submitter.SubmitAsync(new TaskSpec { Command = "echo:p5", Priority = 5 });

            var executor = new ScriptedExecutor();
            farm.StartWorker("w1", executor);
            string[] expected = { p5Early, p5Late, p5Now, p0Early1, p0Early2, p0Middle, p0Late, now, pMinus };
            foreach (string id in expected)
            {
                Assert.Equal(TaskState.Succeeded, (await submitter.WaitAsync(id, Bounded.Long)).State);
            }
            Assert.Equal(expected, executor.Started.ToArray());
        }

        [Fact]
        public async Task TheMasterReadsOnlyTheFrontOfALongQueue()
        {
            var farm = new FarmOptions(_server.ConnectString, new FarmPaths($"/window-{Guid.NewGuid():N}"));
            using ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
            await new TaskSubmitter(client, farm).GetSecurityAsync(); // the farm's folders
            DateTimeOffset at = DateTimeOffset.UtcNow;
            var ids = new List<string>();
            for (int second = 3; second >= 1; second--)
            {
                for (int i = 0; i < 300; i++)
                {
                    // The first 10 of the oldest bucket need a label no worker has: passed over, not in the way.
                    ids.Add(await QueueAsync(client, farm.Paths, 0, at.AddSeconds(-second), second == 3 && i < 10 ? "gpu" : null));
                }
            }
            QueueBucket future = QueueBucket.For(0, at.AddHours(1));
            await QueueAsync(client, farm.Paths, future.Priority, future.DueAt);
            IReadOnlyList<string> buckets = await client.GetChildrenAsync(farm.Paths.Tasks);
            var window = new QueueWindow(client, farm);

            var busy = new List<WorkerSlots> { new WorkerSlots("w1", 3, Array.Empty<string>()) };
            var (plan, nextDue) = await window.PlanAsync(buckets, busy, new Dictionary<string, int>(), DateTimeOffset.UtcNow);
            Assert.Equal(ids.Skip(10).Take(3), plan.Select(p => p.TaskId));
            Assert.All(plan, p => Assert.Equal("w1", p.Worker));
            Assert.Equal(0, busy[0].Free);
            // Once the slots were full it read no further: one chunk of the first bucket, not the 900 tasks behind.
            Assert.InRange(window.Held, 13, 256);
            Assert.Null(nextDue);

            var idle = new List<WorkerSlots> { new WorkerSlots("w1", 1000, Array.Empty<string>()) };
            (plan, nextDue) = await window.PlanAsync(buckets, idle, new Dictionary<string, int>(), DateTimeOffset.UtcNow);
            Assert.Equal(ids.Skip(10), plan.Select(p => p.TaskId));
            // Every due task was read; the future bucket's name alone said when to look again.
            Assert.Equal(900, window.Held);
            Assert.Equal(future.DueAt, nextDue);
        }

        [Fact]
        public async Task ABacklogAcrossManyBucketsIsDrainedWithNoTaskLostOrRunTwice()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);
            DateTimeOffset at = DateTimeOffset.UtcNow;
            var queued = new List<Task<string>>();
            for (int i = 0; i < 2000; i++)
            {
                queued.Add(submitter.SubmitAsync(new TaskSpec { Command = "echo:" + i, Priority = i % 5 - 2 }));
            }
            await Task.WhenAll(queued);
            for (int i = 0; i < 1000; i++)
            {
                // 40 earlier seconds' buckets, as a backlog built over time leaves them.
                queued.Add(QueueAsync(client, farm.Options.Paths, i % 3, at.AddSeconds(-1 - i % 40)));
            }
            var ids = (await Task.WhenAll(queued)).ToHashSet();
            Assert.Equal(3000, ids.Count);
            int buckets = (await client.GetChildrenAsync(farm.Options.Paths.Tasks)).Count;
            Assert.True(buckets >= 100, $"{buckets} buckets");

            var executors = Enumerable.Range(1, 3).Select(_ => new ScriptedExecutor()).ToList();
            farm.StartMaster("m1");
            for (int i = 0; i < executors.Count; i++)
            {
                farm.StartWorker($"w{i + 1}", executors[i], capacity: 4);
            }
            // In queue order, so each wait is for the next few tasks, not for the whole backlog.
            foreach (string id in TaskNames.InQueueOrder(ids))
            {
                Assert.Equal(TaskState.Succeeded, (await submitter.WaitAsync(id, Bounded.Long)).State);
            }

            List<string> started = executors.SelectMany(e => e.Started).ToList();
            Assert.Equal(ids.Count, started.Count);
            Assert.True(ids.SetEquals(started));
            Assert.Empty(await QueueContents.ListAsync(client, farm.Options.Paths));
        }

        /// <summary>Queues a task in the bucket of <paramref name="priority"/> and <paramref name="due"/> as a submitter then would have.</summary>
        private static async Task<string> QueueAsync(ZooKeeperClient client, FarmPaths paths, int priority, DateTimeOffset due, string? label = null)
        {
            QueueBucket bucket = QueueBucket.For(priority, due);
            await QueueBuckets.EnsureAsync(client, paths, FarmSecurity.Open, bucket.Name);
            var spec = new TaskSpec
            {
                Command = "echo:" + bucket.Name,
                Priority = priority,
                Submitted = due,
                Labels = label == null ? null : new List<string> { label },
            };
            string path = await client.CreateAsync(ZNodePath.Join(paths.Bucket(bucket.Name), TaskNames.Prefix(TaskNames.NewKey(), bucket)),
                FarmJson.Write(spec), Ids.OpenAclUnsafe, CreateMode.PersistentSequential);
            return ZNodePath.GetName(path);
        }
    }
}
