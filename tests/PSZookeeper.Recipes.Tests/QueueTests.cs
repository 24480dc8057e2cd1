using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Framework;
using PSZookeeper.TestServers;
using Xunit;
using Xunit.Abstractions;

namespace PSZookeeper.Recipes.Tests
{
    [Collection("recipes-standalone")]
    public sealed class QueueTests : StandaloneTestBase
    {
        public QueueTests(StandaloneServerFixture fixture, ITestOutputHelper output) : base(fixture, output)
        {
        }

        [Fact]
        public async Task TenThousandItemsFromFourProducersAreConsumedExactlyOnceByFourConsumersDespiteAKilledOne()
        {
            const int Producers = 4, Consumers = 4, PerProducer = 2500, Total = Producers * PerProducer;
            const int PutsInFlight = 32, WorkersPerConsumer = 8, KillAfter = 300;
            string queuePath = P("queue");
            string resultsPath = P("results");
            await Client.CreateAsync(resultsPath, null);
            // Each completion writes its result node in the same transaction that removes the item,
            // so the server's results are the truth about what was consumed, by whom, how often.
            Op[] ResultOp(QueueItem item, int consumer) =>
                new[] { Op.Create(resultsPath + "/" + Text(item.Data).Replace(':', '-'), Bytes($"c{consumer}"), Ids.OpenAclUnsafe) };
            var consumed = new ConcurrentDictionary<string, int>();
            int completed = 0, victimApplied = 0;
            var progress = new Pulse();
            var killPoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var killed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var uncertain = new ConcurrentQueue<string>();
            using var done = new CancellationTokenSource();
            void CheckDone()
            {
                if (Volatile.Read(ref completed) + Volatile.Read(ref victimApplied) >= Total)
                {
                    done.Cancel();
                }
            }
            var clock = Stopwatch.StartNew();

            var producers = new List<Task>();
            for (int p = 0; p < Producers; p++)
            {
                var queue = new DistributedQueue(await ConnectAsync(), queuePath);
                int producer = p;
                producers.Add(Task.Run(async () =>
                {
                    using var inFlight = new SemaphoreSlim(PutsInFlight);
                    var puts = new List<Task>();
                    for (int i = 0; i < PerProducer; i++)
                    {
                        await inFlight.WaitAsync();
                        string payload = $"{producer}:{i}";
                        puts.Add(Task.Run(async () =>
                        {
                            try
                            {
                                await queue.PutAsync(Bytes(payload));
                            }
                            finally
                            {
                                inFlight.Release();
                            }
                        }));
                    }
                    await Task.WhenAll(puts);
                }));
            }

            Victim victim = await ConnectVictimAsync(Fixture.Server.Port, TimeSpan.FromSeconds(4));
            var healthy = new List<Task>();
            var victims = new List<Task>();
            for (int c = 0; c < Consumers; c++)
            {
                bool isVictim = c == 0;
                int consumer = c;
                var queue = new DistributedQueue(isVictim ? victim.Client : await ConnectAsync(), queuePath);
                for (int w = 0; w < WorkersPerConsumer; w++)
                {
                    (isVictim ? victims : healthy).Add(Task.Run(async () =>
                    {
                        while (!done.IsCancellationRequested)
                        {
                            QueueItem? item;
                            try
                            {
                                item = await queue.TakeAsync(TimeSpan.FromSeconds(1), done.Token);
                            }
                            catch (OperationCanceledException)
                            {
                                return;
                            }
                            catch (SessionLostException) when (isVictim)
                            {
                                return;
                            }
                            if (item == null)
                            {
                                continue;
                            }
                            if (isVictim && Volatile.Read(ref completed) >= KillAfter && killPoint.TrySetResult(Text(item.Data)))
                            {
                                // Mid-take: the item is claimed, not completed, when the session dies.
                                await killed.Task;
                            }
                            try
                            {
                                await item.CompleteAsync(ResultOp(item, consumer));
                            }
                            catch (SessionLostException) when (isVictim)
                            {
                                // Dead mid-completion: whether it landed is for the server to say.
                                uncertain.Enqueue(Text(item.Data));
                                return;
                            }
                            consumed.AddOrUpdate(Text(item.Data), 1, (_, n) => n + 1);
                            Interlocked.Increment(ref completed);
                            CheckDone();
                            progress.Fire();
                        }
                    }));
                }
            }

            string heldByVictim = await killPoint.Task.Within(TimeSpan.FromSeconds(60), "the victim to hold an item");
            await Sessions.ExpireAsync(Fixture.ConnectString, victim);
            killed.SetResult(true);
            await Task.WhenAll(victims).Within(what: "the victim's takers to stop");
            // The victim's session is over, so what it left uncertain is settled: landed, or back in the queue.
            int landed = 0;
            foreach (string payload in uncertain)
            {
                NodeData? result = await ZkData(resultsPath + "/" + payload.Replace(':', '-'));
                if (result != null && Text(result.Data) == "c0")
                {
                    landed++;
                    consumed.AddOrUpdate(payload, 1, (_, n) => n + 1);
                }
            }
            Volatile.Write(ref victimApplied, landed);
            CheckDone();
            await Task.WhenAll(producers).Within(TimeSpan.FromSeconds(90), "the producers");
            TimeSpan putTime = clock.Elapsed;
            await Wait.UntilAsync(() => done.IsCancellationRequested, progress, TimeSpan.FromSeconds(90), "every item to be consumed");
            await Task.WhenAll(healthy).Within(what: "the consumers to stop");
            clock.Stop();

            Output.WriteLine($"QUEUE: {Total} items, {Producers} producers ({PutsInFlight} puts in flight each), {Consumers} consumers ({WorkersPerConsumer} takers each); all put after {putTime.TotalSeconds:0.0} s, all consumed after {clock.Elapsed.TotalSeconds:0.0} s = {Total / clock.Elapsed.TotalSeconds:0} items/s; the victim held {heldByVictim} when its session expired and left {uncertain.Count} completions in doubt ({landed} had landed)");
            Assert.Equal(Total, consumed.Count);
            Assert.All(consumed, pair => Assert.Equal(1, pair.Value));
            Assert.True(consumed.ContainsKey(heldByVictim));
            Assert.Equal(Total, (await Client.GetChildrenAsync(resultsPath)).Count);
            Assert.Empty(await Client.GetChildrenAsync(queuePath));
        }

        private async Task<NodeData?> ZkData(string path)
        {
            try
            {
                return await Client.GetDataAsync(path);
            }
            catch (PSZookeeper.Client.Errors.NoNodeException)
            {
                return null;
            }
        }

        [Fact]
        public async Task OneConsumerTakesInFifoOrderAndPeekDoesNotTake()
        {
            var queue = new DistributedQueue(Client, P("queue"));
            Assert.Null(await queue.PeekAsync());
            Assert.Null(await queue.TakeAsync(TimeSpan.FromMilliseconds(100)));
            for (int i = 0; i < 20; i++)
            {
                await queue.PutAsync(Bytes(i.ToString()));
            }
            Assert.Equal("0", Text(await queue.PeekAsync()));
            Assert.Equal(20, await queue.CountAsync());
            for (int i = 0; i < 20; i++)
            {
                await using QueueItem item = (await queue.TakeAsync(TimeSpan.FromSeconds(5)))!;
                Assert.Equal(i.ToString(), Text(item.Data));
                await item.CompleteAsync();
            }
            Assert.Equal(0, await queue.CountAsync());
        }

        [Fact]
        public async Task AnItemGivenBackIsTakenAgainAndATakeWaitsForAPut()
        {
            var queue = new DistributedQueue(Client, P("queue"));
            var other = new DistributedQueue(await ConnectAsync(), P("queue"));
            Task<QueueItem?> waiting = other.TakeAsync(Wait.Long);
            await queue.PutAsync(Bytes("only"));
            QueueItem first = (await waiting.Within())!;
            Assert.Equal("only", Text(first.Data));
            Assert.Null(await queue.TakeAsync(TimeSpan.FromMilliseconds(100)));

            Task<QueueItem?> again = queue.TakeAsync(Wait.Long);
            await first.DisposeAsync();
            QueueItem second = (await again.Within())!;
            Assert.Equal(first.Path, second.Path);
            await second.CompleteAsync(new[] { Op.Create(P("result"), Bytes("done"), Ids.OpenAclUnsafe) });
            Assert.Equal("done", Text((await Client.GetDataAsync(P("result"))).Data));
            Assert.Equal(0, await queue.CountAsync());
        }
    }
}
