using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.TestServers;
using Xunit;
using Xunit.Abstractions;

namespace PSZookeeper.Recipes.Tests
{
    [Collection("recipes-standalone")]
    public sealed class GroupMembershipTests : StandaloneTestBase
    {
        public GroupMembershipTests(StandaloneServerFixture fixture, ITestOutputHelper output) : base(fixture, output)
        {
        }

        [Fact]
        public async Task MembersJoinWithDataAndChangesArriveAsAddedAndRemovedLists()
        {
            string group = P("group");
            await using var watcher = new GroupMembership(Client, group);
            var added = new ConcurrentDictionary<string, byte[]?>();
            var removed = new ConcurrentQueue<string>();
            var changed = new Pulse();
            watcher.MembersChanged += (_, e) =>
            {
                foreach (GroupMember m in e.Added)
                {
                    added[m.MemberId] = m.Data;
                }
                foreach (GroupMember m in e.Removed)
                {
                    removed.Enqueue(m.MemberId);
                }
                changed.Fire();
            };
            await watcher.StartAsync().Within();
            Assert.Empty(watcher.Members);

            Victim bVictim = await ConnectVictimAsync(Fixture.Server.Port, TimeSpan.FromSeconds(4));
            var b = new GroupMembership(bVictim.Client, group);
            var lost = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            b.MembershipLost += (_, _) => lost.TrySetResult(true);
            await b.JoinAsync("worker-b", Bytes("host b"));
            await using var c = new GroupMembership(await ConnectAsync(), group);
            await c.JoinAsync("worker-c", Bytes("host c"));

            await Wait.UntilAsync(() => added.Count == 2, changed, Wait.Long, "both joins");
            Assert.Equal("host b", Text(added["worker-b"]));
            Assert.Equal(new[] { "worker-b", "worker-c" }, watcher.Members.Select(m => m.MemberId).OrderBy(x => x));
            Assert.Equal(new[] { "worker-b", "worker-c" }, (await c.ReadMembersAsync()).Select(m => m.MemberId).OrderBy(x => x));

            await c.LeaveAsync();
            await Wait.UntilAsync(() => removed.Contains("worker-c"), changed, Wait.Long, "c's leave");
            await Sessions.ExpireAsync(Fixture.ConnectString, bVictim);
            await lost.Task.Within(what: "b to be told it is out");
            await Wait.UntilAsync(() => removed.Contains("worker-b"), changed, Wait.Long, "b's expiry");
            Assert.Empty(watcher.Members);
            Assert.Null(b.SelfPath);
        }
    }
}
