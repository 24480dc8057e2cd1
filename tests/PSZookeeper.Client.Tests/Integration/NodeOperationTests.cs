using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    [Collection("standalone")]
    public sealed class NodeOperationTests : ClientTestBase
    {
        public NodeOperationTests(StandaloneFixture fixture) : base(fixture)
        {
        }

        [Fact]
        public async Task CreateGetSetDeleteRoundTrip()
        {
            string path = await Client.CreateAsync(P("a"), Bytes.Of("one"));
            Assert.Equal(P("a"), path);

            NodeData read = await Client.GetDataAsync(path);
            Assert.Equal("one", Bytes.Text(read.Data));
            Assert.Equal(0, read.Stat.Version);
            Assert.Equal(3, read.Stat.DataLength);

            Stat updated = await Client.SetDataAsync(path, Bytes.Of("two"), read.Stat.Version);
            Assert.Equal(1, updated.Version);
            Assert.Equal("two", Bytes.Text((await Client.GetDataAsync(path)).Data));

            await Client.DeleteAsync(path, updated.Version);
            Assert.Null(await Client.ExistsAsync(path));
        }

        [Fact]
        public async Task NullEmptyAndUnicodeDataRoundTrip()
        {
            await Client.CreateAsync(P("null"), null);
            await Client.CreateAsync(P("empty"), Array.Empty<byte>());
            string text = "ünï©ødé τ 😀 \u0000 end";
            await Client.CreateAsync(P("τ-ü"), Bytes.Of(text));

            Assert.Null((await Client.GetDataAsync(P("null"))).Data);
            Assert.Empty((await Client.GetDataAsync(P("empty"))).Data!);
            Assert.Equal(text, Bytes.Text((await Client.GetDataAsync(P("τ-ü"))).Data));
            Assert.Contains("τ-ü", await Client.GetChildrenAsync(Root));
        }

        [Fact]
        public async Task CreateWithStatReturnsTheNewNodesStat()
        {
            CreateResult created = await Client.CreateWithStatAsync(P("s"), Bytes.Of("xyz"));
            Assert.Equal(P("s"), created.Path);
            Assert.NotNull(created.Stat);
            Assert.Equal(3, created.Stat!.DataLength);
            Assert.Equal(created.Stat.Czxid, (await Client.ExistsAsync(P("s")))!.Czxid);
        }

        [Fact]
        public async Task ExistsReturnsStatOrNull()
        {
            Assert.Null(await Client.ExistsAsync(P("missing")));
            await Client.CreateAsync(P("present"), Bytes.Of("1"));
            Stat? stat = await Client.ExistsAsync(P("present"));
            Assert.NotNull(stat);
            Assert.Equal(1, stat!.DataLength);
        }

        [Fact]
        public async Task ChildrenAreListedWithAndWithoutStat()
        {
            foreach (string name in new[] { "c1", "c2", "c3" })
            {
                await Client.CreateAsync(P(name), null);
            }
            Assert.Equal(new[] { "c1", "c2", "c3" }, (await Client.GetChildrenAsync(Root)).OrderBy(n => n, StringComparer.Ordinal));
            ChildrenWithStat withStat = await Client.GetChildrenWithStatAsync(Root);
            Assert.Equal(3, withStat.Children.Count);
            Assert.Equal(3, withStat.Stat.NumChildren);
            Assert.Equal(3, await Client.GetAllChildrenNumberAsync(Root));
        }

        [Fact]
        public async Task SyncReturnsThePath()
        {
            Assert.Equal(Root, await Client.SyncAsync(Root));
        }

        [Fact]
        public async Task ServerErrorsAreTypedAndNameThePath()
        {
            await Client.CreateAsync(P("e"), null);
            await Client.CreateAsync(P("e/child"), null);

            var exists = await Assert.ThrowsAsync<NodeExistsException>(() => Client.CreateAsync(P("e"), null));
            Assert.Equal(P("e"), exists.Path);
            Assert.Equal(ErrorCode.NodeExists, exists.Code);
            Assert.False(exists.IsTransient);

            var noNode = await Assert.ThrowsAsync<NoNodeException>(() => Client.GetDataAsync(P("nope")));
            Assert.Equal(P("nope"), noNode.Path);
            await Assert.ThrowsAsync<NoNodeException>(() => Client.CreateAsync(P("nope/child"), null));
            await Assert.ThrowsAsync<NoNodeException>(() => Client.DeleteAsync(P("nope")));
            await Assert.ThrowsAsync<NoNodeException>(() => Client.SetDataAsync(P("nope"), null));
            await Assert.ThrowsAsync<NoNodeException>(() => Client.GetChildrenAsync(P("nope")));
            await Assert.ThrowsAsync<BadVersionException>(() => Client.SetDataAsync(P("e"), null, 7));
            await Assert.ThrowsAsync<BadVersionException>(() => Client.DeleteAsync(P("e/child"), 3));
            await Assert.ThrowsAsync<NotEmptyException>(() => Client.DeleteAsync(P("e")));

            // The session is unharmed by errors.
            Assert.NotNull(await Client.ExistsAsync(P("e")));
        }

        [Fact]
        public async Task ManyPipelinedRequestsCompleteInIssueOrder()
        {
            await Client.CreateAsync(P("seq"), null);
            var creates = Enumerable.Range(0, 1000)
                .Select(_ => Client.CreateAsync(P("seq/n-"), null, mode: CreateMode.PersistentSequential))
                .ToArray();
            string[] paths = await Task.WhenAll(creates).Within();
            // The server numbers them in arrival order, so issue order = sequence order proves FIFO on one socket.
            long[] numbers = paths.Select(p => long.Parse(p.Substring(p.Length - 10))).ToArray();
            Assert.Equal(numbers.OrderBy(n => n), numbers);
            Assert.Equal(1000, (await Client.GetChildrenAsync(P("seq"))).Count);
        }

        // A request is itself the task its caller awaits (no completion source): its continuations
        // still never run on the socket reader, and a task started by mistake fails alone.

        [Fact]
        public async Task ASynchronousContinuationThatBlocksDoesNotStopLaterReplies()
        {
            await Client.CreateAsync(P("a"), Bytes.Of("one"));
            using var release = new ManualResetEventSlim();
            Task<NodeData> first;
            Task blocked;
            for (int attempt = 1; ; attempt++)
            {
                first = Client.GetDataAsync(P("a"));
                // Were it run on the reader, this continuation would hold every later reply back.
                // A reply that wins the race with ContinueWith runs it right here instead, where
                // blocking would hang the test: it then returns at once, and the test asks again.
                // Inline means on this thread while it is still inside ContinueWith: no other
                // thread can be this one meanwhile, so the check is exact.
                Thread registeringThread = Thread.CurrentThread;
                bool registering = true;
                bool ranHere = false;
                blocked = first.ContinueWith(_ =>
                {
                    if (registering && Thread.CurrentThread == registeringThread)
                    {
                        ranHere = true;
                        return;
                    }
                    release.Wait();
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                registering = false;
                if (!ranHere)
                {
                    break;
                }
                Assert.True(attempt < 100, "Every reply arrived before its continuation could be registered.");
            }
            try
            {
                await first.Within();

                NodeData second = await Client.GetDataAsync(P("a")).Within(what: "a reply while the first one's continuation blocks");

                Assert.Equal("one", Bytes.Text(second.Data));
                Assert.False(blocked.IsCompleted);
            }
            finally
            {
                // Also when the test fails: a pool thread must not stay blocked for the rest of the run.
                release.Set();
            }
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
