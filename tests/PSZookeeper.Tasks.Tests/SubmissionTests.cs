using System;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Framework;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>A submitted task exists exactly once in the farm, whatever happens to the connection.</summary>
    [Collection("farm-standalone")]
    public sealed class SubmissionTests
    {
        private const int OpCreate = 1;
        private const int OpCreate2 = 15;
        private const int OpCreateContainer = 19;
        private readonly StandaloneServerFixture _server;

        public SubmissionTests(StandaloneServerFixture server) => _server = server;

        /// <summary>The reply lost is the task's create (its bucket exists already) or the create of its bucket.</summary>
        [Theory]
        [InlineData("task")]
        [InlineData("bucket")]
        public async Task ATaskWhoseCreateReplyIsLostIsQueuedOnceAndItsIdReturned(string lost)
        {
            await using var proxy = new TcpProxy(_server.Server.Port);
            var paths = new FarmPaths($"/once-{Guid.NewGuid():N}");
            var farm = new FarmOptions(proxy.ConnectString, paths);
            // Due in an hour, so the bucket is known in advance whenever the test runs.
            DateTimeOffset notBefore = DateTimeOffset.UtcNow.AddHours(1);
            string bucket = paths.Bucket(QueueBucket.For(0, notBefore).Name);
            using ZooKeeperClient observer = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
            await new TaskSubmitter(observer, new FarmOptions(_server.ConnectString, paths)) // the farm's folders, and the bucket when it is there
                .SubmitAsync(new TaskSpec { Command = "first", NotBefore = lost == "task" ? notBefore : (DateTimeOffset?)null });

            Task<int> cut = lost == "task" ? proxy.CutAfterReplyTo(bucket + "/", OpCreate, OpCreate2) : proxy.CutAfterReplyTo(bucket, OpCreateContainer);
            using ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(proxy.ConnectString);
            var submitter = new TaskSubmitter(client, farm);
            Task<string> submit = submitter.SubmitAsync(new TaskSpec { Command = "exactly once", NotBefore = notBefore });
            Assert.Equal(0, await cut.Within());

            // The server applied the create and its reply was dropped: the node is there already,
            // while the submitter, cut off, cannot know it.
            Assert.NotNull(await observer.ExistsAsync(bucket));
            var queued = await QueueContents.ListAsync(observer, paths);
            Assert.Equal(lost == "task" ? 2 : 1, queued.Count);
            Assert.False(submit.IsCompleted);

            proxy.Unblock();
            string id = await submit.Within();
            var after = await QueueContents.ListAsync(observer, paths);
            Assert.Equal(2, after.Count);
            Assert.Contains(id, after);
            Assert.True(queued.All(after.Contains));
            Assert.Equal(bucket, ZNodePath.GetParent(paths.Task(id)));
            Assert.Equal("exactly once", FarmJson.Read<TaskSpec>((await observer.GetDataAsync(paths.Task(id))).Data, id).Command);
            Assert.Equal(TaskState.Queued, (await submitter.GetStatusAsync(id))!.State);
            await observer.DeleteRecursiveAsync(paths.Root);
        }

        [Fact]
        public async Task TheSameIdempotencyKeyGivesTheSameTaskEvenAfterItWasAssigned()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);

            string first = await submitter.SubmitAsync(new TaskSpec { Command = "echo:once" }, "nightly-report-2026-12-02");
            string again = await submitter.SubmitAsync(new TaskSpec { Command = "echo:once" }, "nightly-report-2026-12-02");
            Assert.Equal(first, again);
            Assert.Single(await QueueContents.ListAsync(client, farm.Options.Paths));

            // Run it: once it has left tasks/ for good, its status still finds it.
            farm.StartMaster("m1");
            farm.StartWorker("w1", new ScriptedExecutor());
            Assert.Equal(TaskState.Succeeded, (await submitter.WaitAsync(first, Bounded.Long)).State);
            string afterRun = await submitter.SubmitAsync(new TaskSpec { Command = "echo:once" }, "nightly-report-2026-12-02");
            Assert.Equal(first, afterRun);
            Assert.Empty(await QueueContents.ListAsync(client, farm.Options.Paths));

            string other = await submitter.SubmitAsync(new TaskSpec { Command = "echo:other" }, "nightly-report-2026-12-03");
            Assert.NotEqual(first, other);
        }

        [Fact]
        public void TaskIdsCarryTheirKeyAndSortByTheServersSequence()
        {
            Assert.Equal(TaskNames.KeyFor("a"), TaskNames.KeyFor("a"));
            Assert.NotEqual(TaskNames.KeyFor("a"), TaskNames.KeyFor("b"));
            Assert.Matches("^[a-z2-7]{13}$", TaskNames.NewKey());
            Assert.NotEqual(TaskNames.NewKey(), TaskNames.NewKey());
            Assert.Equal(12, TaskNames.Sequence("task-abcdefghijklm-0000000012"));
            Assert.Equal(7, TaskNames.Sequence("task-0000000007"));
            Assert.Equal(
                new[] { "task-zzzzzzzzzzzzz-0000000001", "task-0000000002", "task-aaaaaaaaaaaaa-0000000010" },
                TaskNames.InQueueOrder(new[] { "task-aaaaaaaaaaaaa-0000000010", "task-0000000002", "task-zzzzzzzzzzzzz-0000000001" }));
        }
    }
}
