using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    /// <summary>Replies are read on the connection's own thread (Io/Transport); the caller's code never runs there.</summary>
    [Collection("standalone")]
    public sealed class ConnectionThreadTests : ClientTestBase
    {
        public ConnectionThreadTests(StandaloneFixture fixture) : base(fixture)
        {
        }

        [Fact]
        public async Task ContinuationsOfRequestsNeverRunOnTheConnectionsThread()
        {
            await Client.CreateAsync(P("c"), new byte[] { 1 });
            var threadNames = new ConcurrentBag<string>();
            // ExecuteSynchronously asks to run where the task completes; the client must refuse that.
            Task[] continuations = Enumerable.Range(0, 200)
                .Select(_ => Client.GetDataAsync(P("c")).ContinueWith(
                    t => threadNames.Add(Thread.CurrentThread.Name ?? "(pool)"), TaskContinuationOptions.ExecuteSynchronously))
                .ToArray();

            await Task.WhenAll(continuations).Within();

            Assert.Equal(200, threadNames.Count);
            Assert.DoesNotContain("PSZookeeper connection", threadNames);
        }

        [Fact]
        public async Task ContinuationsOfConnectNeverRunOnTheConnectionsThread()
        {
            // ConnectAsync's task completes on the connection's thread (a caller blocked on it wakes
            // directly); a continuation asking to run there must still run elsewhere.
            string? ranOn = null;
            ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(Fixture.ConnectString).ContinueWith(t =>
            {
                ranOn = Thread.CurrentThread.Name ?? "(pool)";
                return t.Result;
            }, TaskContinuationOptions.ExecuteSynchronously).Within(what: "connect");
            using (client)
            {
                Assert.Equal(ClientState.Connected, client.State);
                Assert.NotNull(ranOn);
                Assert.NotEqual("PSZookeeper connection", ranOn);
            }
        }

        [Fact]
        public async Task ACancelledConnectEndsCancelledNotFaulted()
        {
            // Nothing answers there, so only the token ends the wait.
            int deadPort = Ports.Dead();
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

            Task<ZooKeeperClient> connecting = ZooKeeperClient.ConnectAsync($"127.0.0.1:{deadPort}",
                new ZooKeeperClientOptions { ConnectTimeout = TimeSpan.FromSeconds(30) }, cancel.Token);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting.Within(what: "cancelled connect"));
            Assert.True(connecting.IsCanceled);
        }
    }
}
