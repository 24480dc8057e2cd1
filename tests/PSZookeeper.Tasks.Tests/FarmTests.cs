using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Tasks.Tests
{
    [Collection("farm-standalone")]
    public sealed class FarmTests
    {
        private readonly StandaloneServerFixture _server;

        public FarmTests(StandaloneServerFixture server) => _server = server;

        [Fact]
        public async Task SubmittedTaskRunsAndItsResultComesBack()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            farm.StartWorker("w1", new ScriptedExecutor());
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);

            string id = await submitter.SubmitAsync(new TaskSpec { Command = "echo:hello farm" });
            Assert.Matches("^task-[a-z2-7]{13}-p0-\\d+-\\d{10}$", id);
            TaskStatusRecord status = await submitter.WaitAsync(id, Bounded.Long);

            Assert.Equal(TaskState.Succeeded, status.State);
            Assert.Equal("w1", status.Worker);
            Assert.Equal(1, status.Attempt);
            Assert.Equal(0, status.ExitCode);
            Assert.Equal("hello farm", status.Output);
            Assert.NotNull(status.Finished);
            string folder = Path.Combine(farm.OutputRoot, "w1", id);
            Assert.Equal("hello farm", File.ReadAllText(Path.Combine(folder, "stdout.txt")));
            using JsonDocument result = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "result.json")));
            Assert.Equal(0, result.RootElement.GetProperty("exitCode").GetInt32());
            Assert.Empty(await QueueContents.ListAsync(client, farm.Options.Paths));
            Assert.Empty(await client.GetChildrenAsync(farm.Options.Paths.WorkerAssignments("w1")));
            Assert.Equal("m1", System.Text.Encoding.UTF8.GetString((await client.GetDataAsync(farm.Options.Paths.Master)).Data!));
        }

        [Fact]
        public async Task FailingTaskIsRetriedThenMarkedFailed()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            var executor = new ScriptedExecutor();
            farm.StartWorker("w1", executor);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);

            string id = await submitter.SubmitAsync(new TaskSpec { Command = "boom", MaxAttempts = 3 });
            TaskStatusRecord status = await submitter.WaitAsync(id, Bounded.Long);
            Assert.Equal(TaskState.Failed, status.State);
            Assert.Equal(3, status.Attempt);
            Assert.Equal(1, status.ExitCode);
            Assert.Contains("failed on purpose", status.Error);
            Assert.Equal(3, executor.Started.Count(t => t == id));
        }

        [Fact]
        public async Task WithNoWorkerTasksWaitThenRunWhenOneJoins()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);
            string[] ids = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => submitter.SubmitAsync(new TaskSpec { Command = $"echo:{i}" })));

            await Assert.ThrowsAsync<TimeoutException>(() => submitter.WaitAsync(ids[0], TimeSpan.FromSeconds(1)));
            Assert.All(await Task.WhenAll(ids.Select(submitter.GetStatusAsync)), s => Assert.Equal(TaskState.Queued, s!.State));

            farm.StartWorker("late", new ScriptedExecutor(), capacity: 2);
            foreach (string id in ids)
            {
                Assert.Equal(TaskState.Succeeded, (await submitter.WaitAsync(id, Bounded.Long)).State);
            }
        }

        [Fact]
        public async Task AQueuedTaskIsCancelledAsAMarkThatTheMasterRecords()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);
            string queued = await submitter.SubmitAsync(new TaskSpec { Command = "echo:never" });
            Assert.True(await submitter.CancelAsync(queued));
            Assert.Equal(TaskState.Cancelled, (await submitter.GetStatusAsync(queued))!.State);
            // Submitters write no status: the queued task became a cancellation mark for the master to record.
            Assert.Equal(new[] { FarmPaths.CancelPrefix + queued }, await QueueContents.ListAsync(client, farm.Options.Paths));

            var executor = new ScriptedExecutor();
            farm.StartMaster("m1");
            farm.StartWorker("w1", executor);
            await Nodes.WaitUntilAsync(client, farm.Options.Paths.TaskStatus(queued), exists: true);
            Assert.Equal(TaskState.Cancelled, FarmJson.Read<TaskStatusRecord>((await client.GetDataAsync(farm.Options.Paths.TaskStatus(queued))).Data, "status").State);
            await Nodes.WaitUntilAsync(client, farm.Options.Paths.CancelMark(queued), exists: false);
            Assert.Empty(executor.Started);
            Assert.False(await submitter.CancelAsync(queued));
        }

        [Fact]
        public async Task WorkerRunsUpToItsCapacityAtOnce()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            var executor = new ScriptedExecutor();
            farm.StartWorker("w1", executor, capacity: 3);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);
            string[] ids = await Task.WhenAll(Enumerable.Range(0, 9).Select(_ => submitter.SubmitAsync(new TaskSpec { Command = "sleep:200" })));
            foreach (string id in ids)
            {
                Assert.Equal(TaskState.Succeeded, (await submitter.WaitAsync(id, Bounded.Long)).State);
            }
            Assert.InRange(executor.MaxRunning, 2, 3);
        }

        [Fact]
        public async Task DeadWorkersTaskGoesToAnotherWorkerAndItsLateResultIsRefused()
        {
            await using var proxy = new TcpProxy(_server.Server.Port);
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            var doomedExecutor = new ScriptedExecutor();
            System.Threading.CancellationTokenSource stopDoomed = farm.StartWorkerThrough(proxy, "doomed", doomedExecutor);

            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);
            string id = await submitter.SubmitAsync(new TaskSpec { Command = "block", MaxAttempts = 3 });
            Assert.Equal(id, await doomedExecutor.FirstBlocked.Task.Within());

            proxy.Block();
            var rescuer = new ScriptedExecutor();
            rescuer.Release();
            farm.StartWorker("rescuer", rescuer);
            TaskStatusRecord status = await submitter.WaitAsync(id, Bounded.Long);
            Assert.Equal(TaskState.Succeeded, status.State);
            Assert.Equal("rescuer", status.Worker);
            Assert.Equal(2, status.Attempt);

            stopDoomed.Cancel();
            Assert.Equal(TaskState.Succeeded, (await submitter.GetStatusAsync(id))!.State);
            Assert.Equal("rescuer", (await submitter.GetStatusAsync(id))!.Worker);
        }

        [Fact]
        public async Task AWorkerCutOffWhileFinishingATaskRecordsItsResultOnceConnectedAgain()
        {
            await using var proxy = new TcpProxy(_server.Server.Port);
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            var executor = new ScriptedExecutor();
            // A session that outlives the cut: the worker stays registered and keeps its assignment.
            farm.StartWorkerThrough(proxy, "w", executor, TimeSpan.FromSeconds(30));
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);
            string id = await submitter.SubmitAsync(new TaskSpec { Command = "block" });
            Assert.Equal(id, await executor.FirstBlocked.Task.Within());

            proxy.Block();
            int refused = proxy.Refused;
            executor.Release();
            // Each refused reconnect fails what waits to be sent: three of them fail the result's
            // transaction and whatever the worker asks next.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (proxy.Refused < refused + 3)
            {
                Assert.True(clock.Elapsed < Bounded.Long, $"the worker tried to reconnect {proxy.Refused - refused} times in {Bounded.Long}");
                await Task.Delay(20);
            }
            proxy.Unblock();

            TaskStatusRecord status = await submitter.WaitAsync(id, Bounded.Long);
            Assert.Equal(TaskState.Succeeded, status.State);
            Assert.Equal(1, status.Attempt);
            Assert.Equal("w", status.Worker);
            Assert.Equal(new[] { id }, executor.Started);
            Assert.Empty(await client.GetChildrenAsync(farm.Options.Paths.WorkerAssignments("w")));
        }

        [Fact]
        public async Task AnAttemptTheWorkerCannotRunIsRecordedAsFailedNotLeftAssigned()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            // The worker's output folder is a file: no task's folder can be made under it.
            File.WriteAllText(Path.Combine(farm.OutputRoot, "broken"), "");
            farm.StartMaster("m1");
            var executor = new ScriptedExecutor();
            farm.StartWorker("broken", executor);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);
            string id = await submitter.SubmitAsync(new TaskSpec { Command = "echo:never", MaxAttempts = 1 });

            TaskStatusRecord status = await submitter.WaitAsync(id, Bounded.Long);
            Assert.Equal(TaskState.Failed, status.State);
            Assert.Matches($"^worker broken could not complete attempt 1 \\(DirectoryNotFoundException: .*/broken/{id}'", status.Error);
            Assert.Empty(executor.Started);
            Assert.Empty(await client.GetChildrenAsync(farm.Options.Paths.WorkerAssignments("broken")));
        }

        [Fact]
        public async Task AnAssignmentHoldingNoValidTaskIsClosedAsFailedNotKept()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            var executor = new ScriptedExecutor();
            farm.StartWorker("w", executor);
            using ZooKeeperClient client = await farm.ConnectAsync();
            FarmPaths paths = farm.Options.Paths;
            await Nodes.WaitUntilAsync(client, paths.Worker("w"), exists: true);

            await client.CreateAsync(paths.Assignment("w", "task-handmade"), System.Text.Encoding.UTF8.GetBytes("not a task"), Ids.OpenAclUnsafe, CreateMode.Persistent);

            // A hand-made assignment has no status node: the worker's refusal creates it, final.
            await Nodes.WaitUntilAsync(client, paths.TaskStatus("task-handmade"), exists: true);
            TaskStatusRecord status = (await new TaskSubmitter(client, farm.Options).GetStatusAsync("task-handmade"))!;
            Assert.Equal(TaskState.Failed, status.State);
            Assert.StartsWith("refused by worker w: its assignment holds no valid task (", status.Error);
            Assert.Empty(executor.Started);
            Assert.Empty(await client.GetChildrenAsync(paths.WorkerAssignments("w")));
        }

        [Fact]
        public void AssignmentGoesToTheWorkerWithMostFreeSlots()
        {
            var workers = new[] { new WorkerSlots("a", 1, new string[0]), new WorkerSlots("b", 3, new string[0]), new WorkerSlots("c", 3, new string[0]), new WorkerSlots("d", 0, new string[0]) };
            var queued = new System.Collections.Generic.Dictionary<string, Scheduling> { ["task-k-0000000001"] = Scheduling.Of(new TaskSpec { Command = "x" }) };
            Assert.Equal(("task-k-0000000001", "b"), SchedulePlanner.Plan(workers, new(), queued, DateTimeOffset.UtcNow, out _).Single());
            Assert.Empty(SchedulePlanner.Plan(new[] { new WorkerSlots("x", 0, new string[0]) }, new(), queued, DateTimeOffset.UtcNow, out _));
        }

        [Fact]
        public void BadNamesAndSpecsAreRefused()
        {
            Assert.Throws<ArgumentException>(() => new FarmPaths("/farm").Worker("a/b"));
            Assert.Throws<InvalidPathException>(() => new FarmPaths("relative"));
            Assert.Throws<ArgumentOutOfRangeException>(() => new TaskWorker(new FarmOptions("127.0.0.1:1"), "w", new ShellTaskExecutor(), 0));
        }
    }
}
