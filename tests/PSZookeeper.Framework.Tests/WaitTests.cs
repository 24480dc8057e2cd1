using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Framework.Tests
{
    public sealed class WaitTests : FrameworkTestBase
    {
        public WaitTests(StandaloneServerFixture fixture) : base(fixture)
        {
        }

        [Fact]
        public async Task AnyAsyncReturnsTheFirstSignalNullAtTheDeadlineAndThrowsWhenCancelled()
        {
            var never = Waits.NewSignal();
            var set = Waits.NewSignal();
            set.SetResult(true);
            Assert.Same(set.Task, await Waits.AnyAsync(Deadline.None, CancellationToken.None, never.Task, set.Task));
            Assert.Null(await Waits.AnyAsync(Deadline.After(TimeSpan.Zero), CancellationToken.None, never.Task));
            using var cancel = new CancellationTokenSource();
            Task<Task?> waiting = Waits.AnyAsync(Deadline.None, cancel.Token, never.Task);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }

        [Fact]
        public void SyncDisposalThrowsTheReleasesOwnErrorUnwrapped()
        {
            Assert.Throws<InvalidOperationException>(() => SyncDisposal.Run(() => Task.FromException(new InvalidOperationException("release failed"))));
        }

        [Fact]
        public async Task RetryingRidesOutASuspendedConnectionAndSaysWhenTheSessionIsLost()
        {
            TcpProxy proxy = NewProxy();
            ZooKeeperClient client = await ConnectAsync(proxy.ConnectString);
            ConnectionMonitor monitor = ConnectionMonitor.For(client);
            await Client.CreateAsync(P("n"), new byte[] { 7 });
            proxy.Block();
            await ReachAsync(monitor, ConnectionState.Suspended);
            Task<NodeData?> read = ZNodes.DataAsync(monitor, P("n"), CancellationToken.None);
            proxy.Unblock();
            Assert.Equal(new byte[] { 7 }, (await read.Within("the read across the reconnect"))!.Data);

            await client.CloseAsync();
            SessionLostException lost = await Assert.ThrowsAsync<SessionLostException>(() => ZNodes.DataAsync(monitor, P("n"), CancellationToken.None));
            Assert.Equal(ConnectionChange.Closed, lost.Reason);
        }

        [Fact]
        public async Task TheClientsRetryPolicyStopsWhenItsHookThrows()
        {
            var policy = new RetryPolicy(10, TimeSpan.Zero, TimeSpan.Zero);
            int attempts = 0;
            await Assert.ThrowsAsync<TimeoutException>(() => policy.ExecuteAsync<bool>(
                _ =>
                {
                    attempts++;
                    throw ZooKeeperException.Create(ErrorCode.ConnectionLoss, "/x");
                },
                (failure, retry, _) => retry == 3 ? throw new TimeoutException() : Task.CompletedTask));
            Assert.Equal(3, attempts);
        }
    }
}
