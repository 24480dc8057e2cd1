using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.TestServers;
using Xunit;
using Xunit.Abstractions;

namespace PSZookeeper.Recipes.Tests
{
    [Collection("recipes-standalone")]
    public sealed class BarrierTests : StandaloneTestBase
    {
        public BarrierTests(StandaloneServerFixture fixture, ITestOutputHelper output) : base(fixture, output)
        {
        }

        [Fact]
        public async Task WaitersPassWhenTheBarrierIsRemoved()
        {
            string path = P("barrier");
            var barrier = new DistributedBarrier(Client, path);
            Assert.True(await barrier.WaitAsync(TimeSpan.FromMilliseconds(100)), "no barrier: no wait");
            await barrier.SetAsync();
            Assert.True(await barrier.IsSetAsync());
            Assert.False(await barrier.WaitAsync(TimeSpan.FromMilliseconds(200)));
            var waiters = new List<Task<bool>>();
            for (int i = 0; i < 3; i++)
            {
                waiters.Add(new DistributedBarrier(await ConnectAsync(), path).WaitAsync(Wait.Long));
            }
            Assert.DoesNotContain(waiters, w => w.IsCompleted);
            await barrier.RemoveAsync();
            Assert.All(await Task.WhenAll(waiters).Within(), Assert.True);
            Assert.Empty(await ServerWatches.PathsUnderAsync(Fixture.Server, path));
        }

        [Fact]
        public async Task TheDoubleBarrierLetsEveryoneInTogetherAndOutTogether()
        {
            const int Members = 3;
            string path = P("double");
            var members = new List<DistributedDoubleBarrier>();
            for (int i = 0; i < Members; i++)
            {
                members.Add(new DistributedDoubleBarrier(await ConnectAsync(), path, Members, Bytes($"m{i}")));
            }
            Task<bool> first = members[0].EnterAsync(Wait.Long);
            Task<bool> second = members[1].EnterAsync(Wait.Long);
            await Children.WaitUntilAsync(Client, path, c => c.Count(n => n != "ready") == 2, "two members to enter");
            Assert.False(first.IsCompleted || second.IsCompleted, "entered before everyone arrived");
            Task<bool> third = members[2].EnterAsync(Wait.Long);
            Assert.All(await Task.WhenAll(first, second, third).Within(), Assert.True);

            Task<bool> leave0 = members[0].LeaveAsync(Wait.Long);
            Task<bool> leave1 = members[1].LeaveAsync(Wait.Long);
            await Children.WaitUntilAsync(Client, path, c => c.Count(n => n != "ready") <= 2, "a member to start leaving");
            Assert.False(leave0.IsCompleted && leave1.IsCompleted, "left before everyone left");
            Task<bool> leave2 = members[2].LeaveAsync(Wait.Long);
            Assert.All(await Task.WhenAll(leave0, leave1, leave2).Within(), Assert.True);
            Assert.Empty(await Client.GetChildrenAsync(path));
        }

        [Fact]
        public async Task ADoubleBarrierEntryTimesOutAndLeavesNoNode()
        {
            string path = P("double");
            var lonely = new DistributedDoubleBarrier(Client, path, 2);
            Assert.False(await lonely.EnterAsync(TimeSpan.FromMilliseconds(300)));
            Assert.Null(lonely.NodePath);
            Assert.Empty(await Client.GetChildrenAsync(path));
        }
    }
}
