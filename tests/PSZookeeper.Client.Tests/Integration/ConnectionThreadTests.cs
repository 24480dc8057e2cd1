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
    }
}
