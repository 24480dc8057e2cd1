using System;
using System.Collections.Generic;
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
    /// A schedule firing once per due time across a master kill: two masters in their own
    /// processes, a schedule every 2 s, the active master killed with kill -9. The backup takes
    /// over once the dead master's session expires (4 s), so due times fall in the gap.
    /// </summary>
    [Collection("farm-standalone")]
    public sealed class ScheduleFailoverTests : IAsyncLifetime
    {
        private const string EveryTwoSeconds = "*/2 * * * * *";
        private readonly StandaloneServerFixture _server;
        private readonly ITestOutputHelper _output;
        private readonly List<FarmProcess> _masters = new();

        public ScheduleFailoverTests(StandaloneServerFixture server, ITestOutputHelper output)
        {
            _server = server;
            _output = output;
        }

        private readonly FarmPaths _paths = new($"/schedfarm-{Guid.NewGuid():N}");

        public Task InitializeAsync() => Task.CompletedTask;

        /// <summary>
        /// Kills the masters and waits until the server has expired their sessions (their election
        /// nodes are gone), so no expiry lands in a later test of this server (one counts its zxids).
        /// </summary>
        public async Task DisposeAsync()
        {
            foreach (FarmProcess master in _masters)
            {
                master.Dispose();
            }
            using ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
            while (await client.ExistsAsync(_paths.Election) != null)
            {
                var changed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                if ((await client.GetChildrenAsync(_paths.Election, _ => changed.TrySetResult(true))).Count == 0)
                {
                    return;
                }
                await changed.Task.Within();
            }
        }

        [Fact]
        public async Task EachDueTimeQueuesOneTaskAcrossAMasterKillAndTheGapCatchesUpOnce()
        {
            string connect = _server.ConnectString;
            FarmPaths paths = _paths;
            using ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(connect);
            var book = new ScheduleBook(new TaskSubmitter(client, new FarmOptions(connect, paths)));
            foreach (string name in new[] { "m1", "m2" })
            {
                _masters.Add(FarmProcess.Start(name, "master", name, connect, paths.Root));
            }
            ScheduleInfo schedule = await book.RegisterAsync("tick", EveryTwoSeconds, null, new TaskSpec { Command = "sleep:1" });

            await ScheduleChecks.WaitForTasksAsync(client, paths, 2);
            string active = Encoding.UTF8.GetString((await client.GetDataAsync(paths.Master)).Data!);
            FarmProcess killed = _masters.Single(m => m.Name == active);
            killed.Kill();
            DateTimeOffset killedAt = DateTimeOffset.UtcNow;
            var cron = CronExpression.Parse(EveryTwoSeconds);
            var beforeKill = await ScheduleChecks.FiredAsync(client, paths, "tick", cron, schedule.Record.Registered); // a dead master queues nothing more
            int firedBeforeKill = beforeKill.Count;
            _output.WriteLine($"{killedAt:O}: killed {active} after {firedBeforeKill} firings");

            await ScheduleChecks.WaitForTasksAsync(client, paths, firedBeforeKill + 3);
            var fired = await ScheduleChecks.FiredAsync(client, paths, "tick", cron, schedule.Record.Registered);
            foreach (var (due, task, spec) in fired)
            {
                _output.WriteLine($"due {due:HH:mm:ss} queued {spec.Submitted:HH:mm:ss.fff} {task}");
            }
            List<DateTimeOffset> skipped = ScheduleChecks.AssertOncePerDueTime(fired, cron);
            _output.WriteLine($"skipped (the missed-fire rule): {string.Join(", ", skipped.Select(s => s.ToString("HH:mm:ss")))}");

            // The backup fired after the kill. It could lead only once the dead master's session expired,
            // at least 4 s after that master's last request (its last firing), so at least two due times
            // of a 2 s schedule passed with no master, and only the latest of them was queued.
            Assert.Contains(_masters.Single(m => m != killed).Output, line => line.Contains(": active", StringComparison.Ordinal));
            Assert.Contains(fired, f => f.Spec.Submitted > killedAt);
            Assert.Contains(skipped, s => s > beforeKill[^1].Due);
        }
    }
}
