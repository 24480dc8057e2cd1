using System;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>Retention of finished tasks, and the farm's write transactions per task.</summary>
    [Collection("farm-standalone")]
    public sealed class RetentionTests
    {
        private readonly StandaloneServerFixture _server;

        public RetentionTests(StandaloneServerFixture server) => _server = server;

        [Fact]
        public async Task PastTheCountTheOldestFinishedTasksAndTheirResultsAreRemoved()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.Options.Retention = new TaskRetention { MaxCount = 2 };
            farm.StartMaster("m1");
            farm.StartWorker("w1", new ResultExecutor());
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);
            FarmPaths paths = farm.Options.Paths;

            string[] ids = new string[5];
            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = await submitter.SubmitAsync(new TaskSpec { Command = "item:" + i });
                Assert.Equal(TaskState.Succeeded, (await submitter.WaitAsync(ids[i], Bounded.Long)).State);
            }
            foreach (string removed in ids.Take(3))
            {
                await Nodes.WaitUntilAsync(client, paths.TaskStatus(removed), exists: false);
                Assert.Null(await client.ExistsAsync(paths.TaskResults(removed)));
                Assert.Null(await submitter.GetStatusAsync(removed));
            }
            foreach (string kept in ids.Skip(3))
            {
                TaskStatusRecord status = (await submitter.GetStatusAsync(kept))!;
                Assert.Equal(new[] { "result of " + kept }, await submitter.ReadResultAsync(kept, status));
            }
            Assert.Equal(ids.Skip(3), (await client.GetChildrenAsync(paths.Done)).Select(FarmPaths.TaskOfDoneMark).OrderBy(TaskNames.Sequence));
        }

        [Fact]
        public async Task FinishedTasksOlderThanTheAgeAreRemovedAndQueuedOnesAreNot()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.Options.Retention = new TaskRetention { MaxAge = TimeSpan.FromSeconds(1) };
            farm.StartMaster("m1");
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);
            string waiting = await submitter.SubmitAsync(new TaskSpec { Command = "sleep:0", Labels = new() { "nobody" } });
            farm.StartWorker("w1", new ScriptedExecutor());

            string id = await submitter.SubmitAsync(new TaskSpec { Command = "sleep:0" });
            Assert.Equal(TaskState.Succeeded, (await submitter.WaitAsync(id, Bounded.Long)).State);
            await Nodes.WaitUntilAsync(client, farm.Options.Paths.TaskStatus(id), exists: false);

            Assert.Empty(await client.GetChildrenAsync(farm.Options.Paths.Done));
            Assert.Equal(TaskState.Queued, (await submitter.GetStatusAsync(waiting))!.State);
        }

        [Fact]
        public async Task ATaskCostsFourWriteTransactionsFromSubmissionToRemoval()
        {
            // A server of its own: on the shared one, a session an earlier test left to expire, or
            // the container check (a transaction of the server's, at a time of its own: removing the
            // emptied buckets of any farm), would land in the middle of the count.
            var options = new ZooKeeperServerOptions();
            options.SystemProperties["znode.container.checkIntervalMs"] = "3600000";
            await using var server = new ZooKeeperServer(options);
            await server.StartAsync();
            await using var farm = new InProcessFarm(server.ConnectString);
            farm.Options.Retention = new TaskRetention { MaxCount = 0 };
            farm.StartMaster("m1");
            farm.StartWorker("w1", new ResultExecutor());
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);
            await submitter.GetSecurityAsync();
            await Nodes.WaitUntilAsync(client, farm.Options.Paths.Worker("w1"), exists: true);
            // The master's own start-up writes (its candidate node, its published name) come
            // before the count, not during it.
            await Nodes.WaitForTextAsync(client, farm.Options.Paths.Master, "m1");

            long before = await ZxidAsync(client);
            int marksBefore = (await client.ExistsAsync(farm.Options.Paths.Done))!.Cversion;
            string id = await submitter.SubmitAsync(new TaskSpec { Command = "item:1" });
            await UntilFinishedMarkCameAndWentAsync(client, farm.Options.Paths, marksBefore);
            long after = await ZxidAsync(client);

            Assert.Null(await client.ExistsAsync(farm.Options.Paths.TaskStatus(id)));
            Assert.True((await client.ExistsAsync(ZNodePath.GetParent(farm.Options.Paths.Task(id))))!.Czxid > before);

            // submit; assign (+ status); finish (+ result + finished mark); removal: four. This
            // first task of its second also created its queue bucket, a write every task of that
            // second shares (and the server's removal of the emptied bucket, later, is another).
            Assert.Equal(4 + 1, after - before);
        }

        [Fact]
        public async Task NeitherWorkerNorSubmitterLeavesAWatchOnTheCancellationMarksOfFinishedTasks()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            farm.StartWorker("w1", new ScriptedExecutor(), capacity: 4);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);

            string[] ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => submitter.SubmitAsync(new TaskSpec { Command = "sleep:0" })));
            foreach (string id in ids)
            {
                Assert.Equal(TaskState.Succeeded, (await submitter.WaitAsync(id, Bounded.Long)).State);
            }

            // The server's own list of watched paths (wchp): no cancellation mark of this farm is left in it.
            string marks = farm.Options.Paths.CancelMark("task-");
            bool gone = await Task.Run(() => PollUntil(async () => !(await _server.Server.SendFourLetterWordAsync("wchp")).Contains(marks, StringComparison.Ordinal)));
            Assert.True(gone, "the server still holds watches on cancellation marks of finished tasks");
        }

        /// <summary>Asks until the condition holds, for at most the bounded wait.</summary>
        private static async Task<bool> PollUntil(Func<Task<bool>> condition)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!await condition())
            {
                if (clock.Elapsed > Bounded.Long)
                {
                    return false;
                }
                await Task.Delay(50);
            }
            return true;
        }

        /// <summary>Waits on done/'s children until one finished mark was created and removed (each adds one to its cversion).</summary>
        private static async Task UntilFinishedMarkCameAndWentAsync(ZooKeeperClient client, FarmPaths paths, int cversionBefore)
        {
            while (true)
            {
                var changed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                await client.GetChildrenAsync(paths.Done, _ => changed.TrySetResult(true));
                Stat done = (await client.ExistsAsync(paths.Done))!;
                if (done.Cversion - cversionBefore >= 2 && done.NumChildren == 0)
                {
                    return;
                }
                await changed.Task.Within();
            }
        }

        private static async Task<long> ZxidAsync(ZooKeeperClient client)
        {
            await client.SyncAsync("/");
            await client.ExistsAsync("/");
            return client.LastZxid;
        }

        /// <summary>"item:N" succeeds with one result item, "result of &lt;task&gt;".</summary>
        private sealed class ResultExecutor : ITaskExecutor
        {
            public Task<TaskOutcome> ExecuteAsync(TaskContext context, System.Threading.CancellationToken cancellationToken) =>
                Task.FromResult(new TaskOutcome(0, "ok", "", new[] { "result of " + context.TaskId }));
        }
    }
}
