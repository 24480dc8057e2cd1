using System;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>Recurring schedules against a real server: registration, firing once per due time with two masters, and the trust model.</summary>
    [Collection("farm-standalone")]
    public sealed class ScheduleTests
    {
        private const string EveryTwoSeconds = "*/2 * * * * *";
        private static readonly FarmCredential FarmIdentity = new("farm", "farm-secret");
        private static readonly FarmCredential Alice = new("alice", "alice-secret");

        private readonly StandaloneServerFixture _server;

        public ScheduleTests(StandaloneServerFixture server) => _server = server;

        [Fact]
        public async Task TwoMastersFireEachDueTimeOnce()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.StartMaster("m1");
            farm.StartMaster("m2");
            using ZooKeeperClient client = await farm.ConnectAsync();
            var book = new ScheduleBook(new TaskSubmitter(client, farm.Options));
            ScheduleInfo registered = await book.RegisterAsync("tick", EveryTwoSeconds, null, new TaskSpec { Command = "echo:tick", Priority = 3, Labels = new() { "gpu" } });

            await ScheduleChecks.WaitForTasksAsync(client, farm.Options.Paths, 5);
            ScheduleRecord record = (await book.GetAsync("tick"))!.Record;
            var cron = CronExpression.Parse(EveryTwoSeconds);
            var fired = await ScheduleChecks.FiredAsync(client, farm.Options.Paths, "tick", cron, registered.Record.Registered);
            ScheduleChecks.AssertOncePerDueTime(fired, cron);
            Assert.True(fired.Count >= 5);
            Assert.Contains(fired, f => f.Due == record.LastFired);
            Assert.All(fired, f =>
            {
                Assert.Equal("echo:tick", f.Spec.Command);
                Assert.Equal(3, f.Spec.Priority);
                Assert.Equal(new[] { "gpu" }, f.Spec.Labels);
                Assert.Equal(registered.Record.CreatedBy, f.Spec.SubmittedBy);
                Assert.True(f.Spec.Submitted >= f.Due);
            });
        }

        [Fact]
        public async Task RegistrationRefusesBadInputAndReplacesOnlyWhenAsked()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            using ZooKeeperClient client = await farm.ConnectAsync();
            var book = new ScheduleBook(new TaskSubmitter(client, farm.Options));
            var task = new TaskSpec { Command = "echo:x" };

            Assert.Contains("bad hour field '25'", (await Assert.ThrowsAsync<ArgumentException>(() => book.RegisterAsync("s", "0 25 * * *", null, task))).Message);
            Assert.Contains("never falls due", (await Assert.ThrowsAsync<ArgumentException>(() => book.RegisterAsync("s", "0 0 30 2 *", null, task))).Message);
            Assert.Contains("Mars/Olympus", (await Assert.ThrowsAsync<ArgumentException>(() => book.RegisterAsync("s", "@daily", "Mars/Olympus", task))).Message);
            Assert.Contains("not a valid schedule name", (await Assert.ThrowsAsync<ArgumentException>(() => book.RegisterAsync("a/b", "@daily", null, task))).Message);
            Assert.Contains("no NotBefore", (await Assert.ThrowsAsync<ArgumentException>(() => book.RegisterAsync("s", "@daily", null, new TaskSpec { Command = "x", NotBefore = DateTimeOffset.UtcNow }))).Message);

            ScheduleInfo first = await book.RegisterAsync("nightly", "30 2 * * *", "Europe/Berlin", task);
            Assert.Equal("Europe/Berlin", first.Record.TimeZone);
            TimeZoneInfo berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
            Assert.Equal(CronExpression.Parse("30 2 * * *").NextAfter(first.Record.Registered, berlin), first.NextDue);
            Assert.Equal(30, TimeZoneInfo.ConvertTime(first.NextDue!.Value, berlin).Minute);
            await Assert.ThrowsAsync<InvalidOperationException>(() => book.RegisterAsync("nightly", "@hourly", null, task));
            Assert.Equal("30 2 * * *", (await book.GetAsync("nightly"))!.Record.Cron);

            ScheduleInfo replaced = await book.RegisterAsync("nightly", "@hourly", null, new TaskSpec { Command = "echo:y" }, replace: true);
            Assert.Equal("@hourly", (await book.GetAsync("nightly"))!.Record.Cron);
            Assert.Equal("echo:y", (await book.GetAsync("nightly"))!.Record.Task.Command);
            Assert.Equal(0, replaced.NextDue!.Value.Minute);
            Assert.Equal(new[] { "nightly" }, (await book.ListAsync()).Select(s => s.Name));

            Assert.True(await book.UnregisterAsync("nightly"));
            Assert.False(await book.UnregisterAsync("nightly"));
            Assert.Null(await book.GetAsync("nightly"));
            Assert.Empty(await book.ListAsync());
        }

        [Fact]
        public async Task ASubmitterRegistersOnASecuredFarmAndAScheduleNodeOthersCouldRewriteNeverFires()
        {
            await using var farm = new InProcessFarm(_server.ConnectString);
            farm.Options.Credential = FarmIdentity;
            farm.Options.Submitters = new[] { Alice.Id };
            farm.StartMaster("m1");
            await farm.LogLineAsync("master m1: active");
            using ZooKeeperClient aliceClient = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
            await aliceClient.AddDigestAuthAsync(Alice.User, "alice-secret");
            FarmPaths paths = farm.Options.Paths;
            var book = new ScheduleBook(new TaskSubmitter(aliceClient, new FarmOptions(_server.ConnectString, paths) { Credential = Alice }));

            // A submitter (careless or hostile) writes a schedule node anyone may rewrite.
            var weak = new ScheduleRecord { Cron = "* * * * * *", Task = new TaskSpec { Command = "echo:INJECTED" }, Registered = DateTimeOffset.UtcNow };
            await aliceClient.CreateAsync(paths.Schedule("weak"), FarmJson.Write(weak), Ids.OpenAclUnsafe);
            ScheduleInfo good = await book.RegisterAsync("good", "* * * * * *", null, new TaskSpec { Command = "echo:good" });
            Assert.Equal("digest:alice", good.Record.CreatedBy);

            await farm.LogLineAsync("master: never firing schedule weak: its node's ACL [world:anyone:cdrwa] is weaker");
            using ZooKeeperClient admin = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
            await admin.AddDigestAuthAsync(FarmIdentity.User, "farm-secret");
            await ScheduleChecks.WaitForTasksAsync(admin, paths, 2);
            var fired = await ScheduleChecks.FiredAsync(admin, paths, "good", CronExpression.Parse("* * * * * *"), good.Record.Registered);
            Assert.True(fired.Count >= 2); // every task in tasks/ is one of good's due times, none weak's
            Assert.All(fired, f => Assert.Equal("echo:good", f.Spec.Command));
            Assert.Null(FarmJson.Read<ScheduleRecord>((await admin.GetDataAsync(paths.Schedule("weak"))).Data, "weak").LastFired);

            // The schedules folder is the tasks folder's kind; a registered schedule lets submitters replace it.
            var folder = new[] { new Acl(Permissions.All, FarmIdentity.Id), new Acl(Permissions.Create | Permissions.Read | Permissions.Delete, Alice.Id) };
            Assert.Equal<Acl>(folder, (await admin.GetAclAsync(paths.Schedules)).Acl);
            var schedule = new[] { new Acl(Permissions.All, FarmIdentity.Id), new Acl(Permissions.Read | Permissions.Write, Alice.Id) };
            Assert.Equal<Acl>(schedule, (await admin.GetAclAsync(paths.Schedule("good"))).Acl);
            Assert.True(await book.UnregisterAsync("good"));

            // An unauthenticated session can neither add nor change schedules.
            using ZooKeeperClient stranger = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
            await Assert.ThrowsAsync<PSZookeeper.Client.Errors.NoAuthException>(() => stranger.CreateAsync(paths.Schedule("evil"), FarmJson.Write(weak), Ids.OpenAclUnsafe));
        }
    }
}
