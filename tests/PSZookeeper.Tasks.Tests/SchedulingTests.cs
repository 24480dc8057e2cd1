using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>Priorities, delays, retries with backoff, labels and concurrency limits, on a real server.</summary>
    [Collection("farm-standalone")]
    public sealed class SchedulingTests
    {
        private readonly StandaloneServerFixture _server;

        public SchedulingTests(StandaloneServerFixture server) => _server = server;

        [Fact]
        public async Task HigherPriorityRunsFirstAndEqualPrioritiesRunInQueueOrder()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);
            // Queued while no worker runs, so the order is the scheduler's alone.
            var ids = new List<(string Id, int Priority)>();
            foreach (int priority in new[] { 0, 5, 0, 5, 1, -3 })
            {
                ids.Add((await submitter.SubmitAsync(new TaskSpec { Command = "sleep:0", Priority = priority }), priority));
            }
            var executor = new ScriptedExecutor();
            farm.StartWorker("w1", executor);
            foreach (var (id, _) in ids)
            {
                Assert.Equal(TaskState.Succeeded, (await submitter.WaitAsync(id, Bounded.Long)).State);
            }

            string[] expected = ids.Select((task, index) => (task, index)).OrderByDescending(t => t.task.Priority).ThenBy(t => t.index).Select(t => t.task.Id).ToArray();
            Assert.Equal(expected, executor.Started.ToArray());
        }

        [Fact]
        public async Task ADelayedTaskStartsNotBeforeItsTimeWhileLaterTasksRunAtOnce()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            var executor = new ScriptedExecutor();
            farm.StartWorker("w1", executor);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);

            DateTimeOffset notBefore = DateTimeOffset.UtcNow.AddSeconds(3);
            string delayed = await submitter.SubmitAsync(new TaskSpec { Command = "sleep:0", NotBefore = notBefore });
            string now = await submitter.SubmitAsync(new TaskSpec { Command = "sleep:0" });

            Assert.Equal(TaskState.Succeeded, (await submitter.WaitAsync(now, Bounded.Long)).State);
            TaskStatusRecord status = await submitter.WaitAsync(delayed, Bounded.Long);
            Assert.Equal(TaskState.Succeeded, status.State);
            Assert.True(status.Started >= notBefore, $"started {status.Started:O}, not before {notBefore:O}");
            Assert.Equal(new[] { now, delayed }, executor.Started.ToArray());
        }

        [Fact]
        public async Task AFailedTaskIsRetriedAfterAGrowingBackoff()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            var executor = new ScriptedExecutor();
            farm.StartWorker("w1", executor);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);

            string id = await submitter.SubmitAsync(new TaskSpec { Command = "fail", MaxAttempts = 3, RetryDelaySeconds = 1, MaxRetryDelaySeconds = 10 });
            TaskStatusRecord status = await submitter.WaitAsync(id, Bounded.Long);

            Assert.Equal(TaskState.Failed, status.State);
            Assert.Equal(3, status.Attempt);
            DateTimeOffset[] starts = executor.StartedAt.Where(s => s.TaskId == id).Select(s => s.At).ToArray();
            Assert.Equal(3, starts.Length);
            // Equal jitter: the n-th retry waits between half and all of 1 s * 2^(n-1).
            Assert.True(starts[1] - starts[0] >= TimeSpan.FromSeconds(0.5), $"first retry after {(starts[1] - starts[0]).TotalSeconds} s");
            Assert.True(starts[2] - starts[1] >= TimeSpan.FromSeconds(1), $"second retry after {(starts[2] - starts[1]).TotalSeconds} s");
        }

        [Fact]
        public void BackoffDoublesPerAttemptWithinItsJitterAndCap()
        {
            var farm = new FarmOptions("127.0.0.1:1") { RetryDelay = TimeSpan.FromSeconds(2), MaxRetryDelay = TimeSpan.FromSeconds(30) };
            for (int round = 0; round < 200; round++)
            {
                foreach (var (attempt, nominal) in new[] { (1, 2.0), (2, 4.0), (3, 8.0), (4, 16.0), (5, 30.0), (9, 30.0) })
                {
                    double seconds = FarmTransactions.Backoff(farm, new TaskSpec { Command = "x", Attempt = attempt }).TotalSeconds;
                    Assert.InRange(seconds, nominal / 2, nominal);
                }
            }
            double own = FarmTransactions.Backoff(farm, new TaskSpec { Command = "x", Attempt = 1, RetryDelaySeconds = 10, MaxRetryDelaySeconds = 10 }).TotalSeconds;
            Assert.InRange(own, 5, 10);
        }

        [Fact]
        public async Task ATaskRunsOnlyOnAWorkerWithAllItsLabels()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            var plain = new ScriptedExecutor();
            var gpu = new ScriptedExecutor();
            farm.StartWorker("plain", plain, capacity: 4);
            farm.StartWorker("gpu", gpu, 4, "GPU", "linux");
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);

            string[] needGpu = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => submitter.SubmitAsync(new TaskSpec { Command = "sleep:10", Labels = new List<string> { "gpu" } })));
            string needBoth = await submitter.SubmitAsync(new TaskSpec { Command = "sleep:0", Labels = new List<string> { "gpu", "windows" } });
            string any = await submitter.SubmitAsync(new TaskSpec { Command = "sleep:0" });

            foreach (string id in needGpu)
            {
                Assert.Equal("gpu", (await submitter.WaitAsync(id, Bounded.Long)).Worker);
            }
            Assert.Equal(TaskState.Succeeded, (await submitter.WaitAsync(any, Bounded.Long)).State);
            // Every worker has had a free slot since: the task no worker has both labels for still waits.
            Assert.Equal(TaskState.Queued, (await submitter.GetStatusAsync(needBoth))!.State);
            Assert.DoesNotContain(needBoth, plain.Started.Concat(gpu.Started));

            farm.StartWorker("gpu-windows", new ScriptedExecutor(), 1, "gpu", "windows");
            Assert.Equal("gpu-windows", (await submitter.WaitAsync(needBoth, Bounded.Long)).Worker);
            Assert.Equal(new[] { "gpu", "linux" }, FarmJson.Read<WorkerInfo>((await client.GetDataAsync(farm.Options.Paths.Worker("gpu"))).Data, "gpu").Labels);
        }

        [Fact]
        public async Task AConcurrencyLimitHoldsFarmWideEvenWhileAWorkerDies()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            var executor = new ScriptedExecutor();
            var doomed = farm.StartWorker("doomed", executor, capacity: 3);
            farm.StartWorker("w2", executor, capacity: 3);
            farm.StartWorker("w3", executor, capacity: 3);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);

            string[] limited = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
                submitter.SubmitAsync(new TaskSpec { Command = "sleep:300", ConcurrencyKey = "db", ConcurrencyLimit = 2 })));
            string[] free = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => submitter.SubmitAsync(new TaskSpec { Command = "sleep:300" })));
            await farm.LogLineAsync("to doomed");
            doomed.Cancel();

            foreach (string id in limited.Concat(free))
            {
                Assert.Equal(TaskState.Succeeded, (await submitter.WaitAsync(id, Bounded.Long)).State);
            }
            Assert.True(MaxOverlap(executor, limited) <= 2, $"{MaxOverlap(executor, limited)} limited tasks ran at once");
        }

        [Fact]
        public async Task SubmissionRefusesBadSchedulingInputBeforeSendingAnything()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);

            await Assert.ThrowsAsync<ArgumentException>(() => submitter.SubmitAsync(new TaskSpec { Command = "x", ConcurrencyLimit = 2 }));
            await Assert.ThrowsAsync<ArgumentException>(() => submitter.SubmitAsync(new TaskSpec { Command = "x", ConcurrencyKey = "db" }));
            await Assert.ThrowsAsync<ArgumentException>(() => submitter.SubmitAsync(new TaskSpec { Command = "x", ConcurrencyKey = "db", ConcurrencyLimit = 0 }));
            await Assert.ThrowsAsync<ArgumentException>(() => submitter.SubmitAsync(new TaskSpec { Command = "x", RetryDelaySeconds = -1 }));
            await Assert.ThrowsAsync<ArgumentException>(() => submitter.SubmitAsync(new TaskSpec { Command = "x", RetryDelaySeconds = 10, MaxRetryDelaySeconds = 5 }));
            await Assert.ThrowsAsync<ArgumentException>(() => submitter.SubmitAsync(new TaskSpec { Command = "x", Labels = new List<string> { "a,b" } }));
            Assert.Null(await client.ExistsAsync(farm.Options.Paths.Tasks));
        }

        /// <summary>The most of <paramref name="ids"/> that ran at the same moment, from the executor's start and end log.</summary>
        private static int MaxOverlap(ScriptedExecutor executor, IEnumerable<string> ids)
        {
            var set = new HashSet<string>(ids);
            int running = 0;
            int max = 0;
            foreach (var (taskId, change) in executor.Transitions)
            {
                if (set.Contains(taskId))
                {
                    running += change;
                    max = Math.Max(max, running);
                }
            }
            return max;
        }
    }
}
