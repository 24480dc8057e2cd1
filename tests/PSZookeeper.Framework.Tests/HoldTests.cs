using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Framework.Tests
{
    public sealed class HoldTests : FrameworkTestBase
    {
        public HoldTests(StandaloneServerFixture fixture) : base(fixture)
        {
        }

        [Fact]
        public async Task AHoldEndsAsNodeRemovedWhenSomeoneElseDeletesItsNode()
        {
            TestHold hold = await HoldAsync(Client, P("h"), null);
            var lost = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            hold.LostToken.Register(() => lost.TrySetResult(true));
            ZooKeeperClient other = await ConnectAsync();
            await other.DeleteAsync(P("h"));
            Assert.Equal(HoldEndReason.NodeRemoved, await hold.Ended.Within("the hold to end"));
            await lost.Task.Within("the hold's LostToken");
            Assert.True(hold.IsLost);
            Assert.False(hold.IsHeld);
        }

        [Fact]
        public async Task AHoldEndsAsSessionLostWhenItsSessionCloses()
        {
            ZooKeeperClient client = await ConnectAsync();
            TestHold hold = await HoldAsync(client, P("s"), null);
            await client.CloseAsync();
            Assert.Equal(HoldEndReason.SessionLost, await hold.Ended.Within("the hold to end"));
        }

        [Fact]
        public async Task AHoldGivenUpByItsHolderIsReleasedNotLostAndEndsOnce()
        {
            TestHold hold = await HoldAsync(Client, P("r"), null);
            // The check op lets a write through only while the node exists.
            await Client.CreateAsync(P("guarded"), null);
            await Client.MultiAsync(new[] { hold.CheckOp(), Op.SetData(P("guarded"), new byte[] { 1 }) });
            Assert.True(hold.GiveUp());
            Assert.False(hold.GiveUp());
            Assert.Equal(HoldEndReason.Released, await hold.Ended);
            Assert.False(hold.IsLost);
            Assert.True(hold.LostToken.WaitHandle.WaitOne(Bounded.Long));
            Assert.Equal(1, hold.Endings);
        }

        [Fact]
        public async Task ASuspensionShorterThanTheGraceKeepsTheHold()
        {
            TcpProxy proxy = NewProxy();
            ZooKeeperClient client = await ConnectAsync(proxy.ConnectString);
            ConnectionMonitor monitor = ConnectionMonitor.For(client);
            TestHold hold = await HoldAsync(client, P("k"), Timeout.InfiniteTimeSpan);
            proxy.Block();
            await ReachAsync(monitor, ConnectionState.Suspended);
            proxy.Unblock();
            await ReachAsync(monitor, ConnectionState.Reconnected);
            // A read through the session after the reconnect: the hold's own re-read was sent before it.
            await client.ExistsAsync(P("k"));
            Assert.True(hold.IsHeld);
        }

        [Fact]
        public async Task ASuspensionPastTheGraceEndsTheHoldAsSuspended()
        {
            TcpProxy proxy = NewProxy();
            ZooKeeperClient client = await ConnectAsync(proxy.ConnectString);
            TestHold hold = await HoldAsync(client, P("g"), TimeSpan.Zero);
            proxy.Block();
            Assert.Equal(HoldEndReason.Suspended, await hold.Ended.Within("the hold to end"));
            proxy.Unblock();
            // The session survived: the node is still there, for its maker to decide about.
            await ReachAsync(ConnectionMonitor.For(client), ConnectionState.Reconnected);
            Assert.NotNull(await client.ExistsAsync(P("g")));
        }

        private static async Task<TestHold> HoldAsync(ZooKeeperClient client, string path, TimeSpan? grace)
        {
            CreateResult created = await client.CreateWithStatAsync(path, null, null, CreateMode.Ephemeral);
            return new TestHold(ConnectionMonitor.For(client), path, created.Stat!, grace);
        }

        private sealed class TestHold : Hold
        {
            private int _endings;

            public TestHold(ConnectionMonitor monitor, string path, Stat created, TimeSpan? grace)
                : base(monitor, path, created, grace)
            {
            }

            public int Endings => Volatile.Read(ref _endings);

            public bool GiveUp() => End(HoldEndReason.Released);

            protected override void OnEnded(HoldEndReason reason) => Interlocked.Increment(ref _endings);
        }
    }
}
