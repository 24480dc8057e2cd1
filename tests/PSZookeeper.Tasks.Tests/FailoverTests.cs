using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>
    /// A clean stop hands over at once: a master stopped gives its leadership up (its election node
    /// goes, its session is closed) so a backup leads without waiting for the session to expire,
    /// and a worker stopped puts its tasks back in the queue without spending an attempt.
    /// Sessions here last 30 s, and every wait is bounded well below that: a stop that only let
    /// the session expire could not pass. How fast the handover is, is measured by the farm bench.
    /// </summary>
    [Collection("farm-standalone")]
    public sealed class FailoverTests
    {
        private static readonly TimeSpan LongSession = TimeSpan.FromSeconds(30);
        private static readonly TimeSpan WellBelowSession = TimeSpan.FromSeconds(15);

        private readonly StandaloneServerFixture _server;

        public FailoverTests(StandaloneServerFixture server) => _server = server;

        [Fact]
        public async Task AStoppedMasterGivesUpLeadershipAtOnceAndTheBackupAssigns()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.Options.SessionTimeout = LongSession;
            CancellationTokenSource stopFirst = farm.StartStoppableMaster("m1");
            await farm.LogLineAsync("master m1: active");
            farm.StartMaster("m2");
            await farm.LogLineAsync("master m2: candidate");
            using ZooKeeperClient client = await farm.ConnectAsync();
            string electionNode = await CandidateNodeAsync(client, farm.Options.Paths, "m1");
            Stat before = (await client.ExistsAsync(electionNode))!;
            // The server granted the 30 s: the four-letter word "cons" lists each connection with its session and timeout.
            Assert.Matches($"sid=0x{before.EphemeralOwner:x},[^)]*,to={LongSession.TotalMilliseconds},", await _server.Server.SendFourLetterWordAsync("cons"));

            stopFirst.Cancel();

            await farm.LogLineAsync("master m2: active").Within(WellBelowSession);
            Assert.Null(await client.ExistsAsync(electionNode));
            // The new leader says it is active, then publishes its name.
            await Nodes.WaitForTextAsync(client, farm.Options.Paths.Master, "m2", WellBelowSession);
            var executor = new ScriptedExecutor();
            farm.StartWorker("w1", executor);
            var submitter = new TaskSubmitter(client, farm.Options);
            string id = await submitter.SubmitAsync(new TaskSpec { Command = "echo:after the handover" });
            TaskStatusRecord status = await submitter.WaitAsync(id, WellBelowSession);
            Assert.Equal(TaskState.Succeeded, status.State);
            Assert.Contains(farm.Log, line => line.Contains($"master: assigned {id}", StringComparison.Ordinal));
        }

        [Fact]
        public async Task AStoppedWorkerHandsItsTasksBackWithoutSpendingAnAttempt()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.Options.SessionTimeout = LongSession;
            farm.StartMaster("m1");
            var stopping = new ScriptedExecutor();
            CancellationTokenSource stopWorker = farm.StartWorker("w1", stopping, capacity: 2);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var submitter = new TaskSubmitter(client, farm.Options);
            // One attempt each: a task the master recovered from a lost worker would be marked Failed.
            string[] ids = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => submitter.SubmitAsync(new TaskSpec { Command = "block", MaxAttempts = 1 })));
            await stopping.Blocked.WaitAsync().Within();
            await stopping.Blocked.WaitAsync().Within();

            stopWorker.Cancel();

            foreach (string id in ids)
            {
                await farm.LogLineAsync($"handed {id} back to the queue (attempt 1)").Within(WellBelowSession);
            }
            var rescuer = new ScriptedExecutor();
            rescuer.Release();
            farm.StartWorker("w2", rescuer, capacity: 2);
            foreach (string id in ids)
            {
                TaskStatusRecord status = await submitter.WaitAsync(id, WellBelowSession);
                Assert.Equal(TaskState.Succeeded, status.State);
                Assert.Equal("w2", status.Worker);
                Assert.Equal(1, status.Attempt);
            }
            Assert.DoesNotContain(farm.Log, line => line.Contains("from lost worker w1", StringComparison.Ordinal));
        }

        private static async Task<string> CandidateNodeAsync(ZooKeeperClient client, FarmPaths paths, string master)
        {
            foreach (string child in await client.GetChildrenAsync(paths.Election))
            {
                string path = FarmPaths.Child(paths.Election, child);
                if (Encoding.UTF8.GetString((await client.GetDataAsync(path)).Data ?? Array.Empty<byte>()) == master)
                {
                    return path;
                }
            }
            throw new InvalidOperationException($"no election node holds {master}");
        }
    }
}
