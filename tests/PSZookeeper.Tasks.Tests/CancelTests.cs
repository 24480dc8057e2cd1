using System;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>Cancelling a running task: the worker stops it and frees the slot; one final state whatever races.</summary>
    [Collection("farm-standalone")]
    public sealed class CancelTests
    {
        private readonly StandaloneServerFixture _server;

        public CancelTests(StandaloneServerFixture server) => _server = server;

        [Fact]
        public async Task ARunningTaskIsStoppedRecordedCancelledAndItsSlotTakesTheNextTask()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            var executor = new ScriptedExecutor();
            farm.StartWorker("w1", executor, capacity: 1);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);

            string running = await submitter.SubmitAsync(new TaskSpec { Command = "block", MaxAttempts = 3 });
            Assert.Equal(running, await executor.FirstBlocked.Task.Within());
            string next = await submitter.SubmitAsync(new TaskSpec { Command = "echo:next" });

            Assert.True(await submitter.CancelAsync(running));
            TaskStatusRecord cancelled = await submitter.WaitAsync(running, Bounded.Long);
            Assert.Equal(TaskState.Cancelled, cancelled.State);
            Assert.Equal("w1", cancelled.Worker);
            Assert.Equal(1, cancelled.Attempt);
            Assert.Contains("while running", cancelled.Error);

            // The slot is free again (capacity 1): the next task runs on the same worker.
            TaskStatusRecord after = await submitter.WaitAsync(next, Bounded.Long);
            Assert.Equal(TaskState.Succeeded, after.State);
            Assert.Equal("w1", after.Worker);
            Assert.Null(await client.ExistsAsync(farm.Options.Paths.CancelMark(running)));
            Assert.Empty(await client.GetChildrenAsync(farm.Options.Paths.WorkerAssignments("w1")));
            Assert.False(await submitter.CancelAsync(running));
        }

        [Fact]
        public async Task ATaskThatFinishesBeforeTheCancellationKeepsItsStateAndTheMarkIsCleared()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            var executor = new ScriptedExecutor();
            farm.StartWorker("w1", executor);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);

            string id = await submitter.SubmitAsync(new TaskSpec { Command = "block" });
            await executor.FirstBlocked.Task.Within();
            // The worker's finish and the submitter's cancellation race: both are applied as
            // transactions on the assignment, so exactly one wins.
            executor.Release();
            Task<bool> cancel = submitter.CancelAsync(id);
            TaskStatusRecord final = await submitter.WaitAsync(id, Bounded.Long);
            await cancel;
            Assert.True(final.State == TaskState.Succeeded || final.State == TaskState.Cancelled, $"final state {final.State}");
            // Whatever won, no cancellation mark is left behind and nothing is queued again.
            var deadline = DateTime.UtcNow + Bounded.Long;
            while (await client.ExistsAsync(farm.Options.Paths.CancelMark(id)) != null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            Assert.Null(await client.ExistsAsync(farm.Options.Paths.CancelMark(id)));
            Assert.Empty(await QueueContents.ListAsync(client, farm.Options.Paths));
            Assert.Equal(final.State, (await submitter.GetStatusAsync(id))!.State);
        }

        [Fact]
        public async Task ACancelledTaskWhoseWorkerDiesIsRecordedCancelledNotRequeued()
        {
            await using var proxy = new TcpProxy(_server.Server.Port);
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            // Cut off, the doomed worker's session expires while it still "runs" the task, and it
            // never sees the cancellation.
            var doomedExecutor = new ScriptedExecutor();
            farm.StartWorkerThrough(proxy, "doomed", doomedExecutor);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);

            string id = await submitter.SubmitAsync(new TaskSpec { Command = "block", MaxAttempts = 3 });
            Assert.Equal(id, await doomedExecutor.FirstBlocked.Task.Within());
            proxy.Block();
            Assert.True(await submitter.CancelAsync(id));

            TaskStatusRecord final = await submitter.WaitAsync(id, Bounded.Long);
            Assert.Equal(TaskState.Cancelled, final.State);
            Assert.Contains("doomed was lost", final.Error);
            Assert.Empty(await QueueContents.ListAsync(client, farm.Options.Paths));
            doomedExecutor.Release();
        }
    }
}
