using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    /// <summary>
    /// A request is itself the task its caller awaits (no completion source): its continuations
    /// still never run on the socket reader, and a task started by mistake fails alone.
    /// </summary>
    [Collection("standalone")]
    public sealed class RequestTaskTests : ClientTestBase
    {
        public RequestTaskTests(StandaloneFixture fixture) : base(fixture)
        {
        }

        [Fact]
        public async Task ASynchronousContinuationThatBlocksDoesNotStopLaterReplies()
        {
            await Client.CreateAsync(P("a"), Bytes.Of("one"));
            using var release = new ManualResetEventSlim();
            Task<NodeData> first = Client.GetDataAsync(P("a"));
            // Were it run on the reader, this continuation would hold every later reply back.
            Task blocked = first.ContinueWith(_ => release.Wait(), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            await first.Within();

            NodeData second = await Client.GetDataAsync(P("a")).Within(what: "a reply while the first one's continuation blocks");

            Assert.Equal("one", Bytes.Text(second.Data));
            Assert.False(blocked.IsCompleted);
            release.Set();
            await blocked.Within();
        }

        [Fact]
        public async Task AServerErrorFaultsTheTaskWithItsException()
        {
            Task<NodeData> read = Client.GetDataAsync(P("missing"));

            var error = await Assert.ThrowsAsync<NoNodeException>(() => read.Within());

            Assert.Equal(P("missing"), error.Path);
            Assert.True(read.IsFaulted);
        }

        [Fact]
        public async Task StartingARequestsTaskFailsThatTaskAndNothingElse()
        {
            await Client.CreateAsync(P("a"), Bytes.Of("one"));
            Task<NodeData> started = Client.GetDataAsync(P("a"));

            try
            {
                started.Start();
            }
            catch (InvalidOperationException)
            {
                // The reply arrived first: the task had completed already, which is the other valid outcome.
            }
            await ((Task)started).ContinueWith(_ => { }, TaskScheduler.Default).Within();

            if (started.IsFaulted)
            {
                Assert.Contains("cannot be started", started.Exception!.InnerException!.Message);
            }
            else
            {
                Assert.Equal("one", Bytes.Text((await started).Data));
            }
            Assert.Equal("one", Bytes.Text((await Client.GetDataAsync(P("a")).Within()).Data));
        }
    }
}
