using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.TestServers;
using Xunit;
using Xunit.Abstractions;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>
    /// The tutorial's question, asked with kill -9 on a real ensemble: 1,000 tasks, 2 masters and
    /// 4 workers in their own processes; the active master, a busy worker and one ZooKeeper
    /// server are killed during the run. Every task must end with one final status, none lost.
    /// </summary>
    [Collection("farm-ensemble")]
    public sealed class FarmKillTests : IAsyncLifetime
    {
        private const int TaskCount = 1000;
        private readonly EnsembleFixture _fixture;
        private readonly ITestOutputHelper _output;
        private readonly List<FarmProcess> _processes = new();
        private readonly string _outputRoot = Directory.CreateTempSubdirectory("pszk-kill-").FullName;

        public FarmKillTests(EnsembleFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        public Task InitializeAsync() => _fixture.Ensemble.RestoreAsync();

        public async Task DisposeAsync()
        {
            foreach (FarmProcess process in _processes)
            {
                process.Dispose();
            }
            Directory.Delete(_outputRoot, recursive: true);
            await _fixture.Ensemble.RestoreAsync();
        }

        [Fact]
        public async Task KillingTheActiveMasterABusyWorkerAndAServerLosesNoTask()
        {
            string connect = _fixture.ConnectString;
            var paths = new FarmPaths($"/killfarm-{Guid.NewGuid():N}");
            var farm = new FarmOptions(connect, paths);
            using ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(connect, new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromSeconds(10) });
            var submitter = new TaskSubmitter(client, farm);
            await submitter.SubmitAsync(new TaskSpec { Command = "sleep:1" }); // creates the farm's folders

            foreach (string master in new[] { "m1", "m2" })
            {
                _processes.Add(FarmProcess.Start(master, "master", master, connect, paths.Root));
            }
            for (int i = 1; i <= 4; i++)
            {
                _processes.Add(FarmProcess.Start($"w{i}", "worker", $"w{i}", connect, paths.Root, "2", _outputRoot));
            }

            var ids = new List<string>();
            for (int batch = 0; batch < TaskCount / 100; batch++)
            {
                ids.AddRange(await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => submitter.SubmitAsync(new TaskSpec { Command = "sleep:20" }))));
            }
            var clock = Stopwatch.StartNew();

            await WaitForFinishedAsync(client, paths, 100);
            string activeMaster = Encoding.UTF8.GetString((await client.GetDataAsync(paths.Master)).Data!);
            Process(activeMaster).Kill();
            _output.WriteLine($"{clock.Elapsed}: killed active master {activeMaster}");

            await WaitForFinishedAsync(client, paths, 300);
            string busyWorker = await BusyWorkerAsync(client, paths);
            Process(busyWorker).Kill();
            _output.WriteLine($"{clock.Elapsed}: killed busy worker {busyWorker}");

            await WaitForFinishedAsync(client, paths, 500);
            ZooKeeperServer victim = _fixture.Ensemble.Servers.First(s => s.IsRunning);
            victim.Kill();
            _output.WriteLine($"{clock.Elapsed}: killed ZooKeeper server {victim.ConnectString}");

            int samples = 0;
            while (await CountFinishedAsync(client, paths) < ids.Count + 1)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(4))
                {
                    Assert.Fail($"only {await CountFinishedAsync(client, paths)} of {ids.Count + 1} tasks finished in 4 minutes\n{await DescribeUnfinishedAsync(client, paths)}");
                }
                await AssertNoTaskQueuedAndAssignedAtOnceAsync(client, paths);
                samples++;
                await Task.Delay(200);
            }
            _output.WriteLine($"{clock.Elapsed}: all finished ({samples} consistency samples)");

            var statuses = await submitter.ListAsync();
            Assert.Equal(ids.Count + 1, statuses.Count);
            Assert.All(statuses, s => Assert.Equal(TaskState.Succeeded, s.Value.State));
            Assert.Empty(await QueueContents.ListAsync(client, paths));
            foreach (string folder in await client.GetChildrenAsync(paths.Assign))
            {
                Assert.Empty(await client.GetChildrenAsync(paths.WorkerAssignments(folder)));
            }
            int retried = statuses.Count(s => s.Value.Attempt > 1);
            _output.WriteLine($"tasks needing a second attempt: {retried}");
            Assert.True(retried >= 1, "the killed worker's task should have been recovered with a new attempt");
            Assert.Contains(_processes.Where(p => p.Name != activeMaster).SelectMany(p => p.Output), line => line.Contains(": active"));
        }

        private FarmProcess Process(string name) => _processes.Single(p => p.Name == name);

        /// <summary>Where each unfinished task waits, its status, and what every farm process said about it, so a CI failure explains itself.</summary>
        private async Task<string> DescribeUnfinishedAsync(ZooKeeperClient client, FarmPaths paths)
        {
            var report = new StringBuilder();
            IReadOnlyList<string> folders = await client.GetChildrenAsync(paths.Assign);
            var (queued, assignments) = await QueueContents.SnapshotAsync(client, paths, folders.Select(paths.WorkerAssignments).ToList());
            var unfinished = queued.Select(id => (Id: id, Where: "queued")).Concat(
                folders.Zip(assignments).SelectMany(f => f.Second.Select(id => (Id: id, Where: $"assigned to {f.First}")))).ToList();
            report.AppendLine($"live workers: {string.Join(", ", await client.GetChildrenAsync(paths.Workers))}");
            foreach (var (id, where) in unfinished)
            {
                // A cancellation mark (listed with the queue) has no status node of its own.
                Stat? exists = await client.ExistsAsync(paths.TaskStatus(id));
                string status = exists == null ? "(none)" : Encoding.UTF8.GetString((await client.GetDataAsync(paths.TaskStatus(id))).Data ?? Array.Empty<byte>());
                report.AppendLine($"{id}: {where}; status {status}");
                foreach (FarmProcess process in _processes)
                {
                    foreach (string line in process.Output.Where(line => line.Contains(id)))
                    {
                        report.AppendLine($"  {process.Name}: {line}");
                    }
                }
            }
            foreach (FarmProcess process in _processes)
            {
                report.AppendLine($"{process.Name} ({(process.HasExited ? "exited" : "running")}), its last lines:");
                foreach (string line in process.Output.TakeLast(8))
                {
                    report.AppendLine($"  {line}");
                }
            }
            return report.ToString();
        }

        private static async Task<string> BusyWorkerAsync(ZooKeeperClient client, FarmPaths paths)
        {
            // Right after the active master is killed nothing is assigned until the backup takes over
            // (the dead master's session must expire first), so allow for that.
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromMinutes(1))
            {
                foreach (string worker in await client.GetChildrenAsync(paths.Workers))
                {
                    if ((await client.GetChildrenAsync(paths.WorkerAssignments(worker))).Count > 0)
                    {
                        return worker;
                    }
                }
                await Task.Delay(10);
            }
            throw new TimeoutException("no worker was busy");
        }

        private static async Task WaitForFinishedAsync(ZooKeeperClient client, FarmPaths paths, int count)
        {
            var clock = Stopwatch.StartNew();
            while (await CountFinishedAsync(client, paths) < count)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"fewer than {count} tasks finished in 2 minutes");
                await Task.Delay(100);
            }
        }

        /// <summary>Finished = gone from both tasks/ and assign/ (read in one atomic multiRead).</summary>
        private static Task<int> CountFinishedAsync(ZooKeeperClient client, FarmPaths paths) =>
            // Reads retry through the killed server's connection loss.
            Retry.ExecuteAsync(async _ =>
            {
                var (queued, assigned) = await SnapshotAsync(client, paths);
                int total = (await client.GetChildrenAsync(paths.Status)).Count;
                return total - queued.Count - assigned.Count;
            });

        private static readonly PSZookeeper.Client.Errors.RetryPolicy Retry =
            new(maxAttempts: 30, initialDelay: TimeSpan.FromMilliseconds(50), maxDelay: TimeSpan.FromSeconds(1));

        private static async Task AssertNoTaskQueuedAndAssignedAtOnceAsync(ZooKeeperClient client, FarmPaths paths)
        {
            var (queued, assigned) = await Retry.ExecuteAsync(_ => SnapshotAsync(client, paths));
            Assert.Empty(queued.Intersect(assigned));
            Assert.Equal(assigned.Count, assigned.Distinct().Count());
        }

        private static async Task<(List<string> Queued, List<string> Assigned)> SnapshotAsync(ZooKeeperClient client, FarmPaths paths)
        {
            IReadOnlyList<string> folders = await client.GetChildrenAsync(paths.Assign);
            var (queued, assignments) = await QueueContents.SnapshotAsync(client, paths, folders.Select(paths.WorkerAssignments).ToList());
            return (queued, assignments.SelectMany(children => children).ToList());
        }
    }
}
