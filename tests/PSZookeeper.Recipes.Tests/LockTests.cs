using System;
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
    public sealed class LockTests : StandaloneTestBase
    {
        public LockTests(StandaloneServerFixture fixture, ITestOutputHelper output) : base(fixture, output)
        {
        }

        [Fact]
        public async Task FiftyContendersAcrossSessionsSerializeInQueueOrderWithoutHerd()
        {
            const int SessionCount = 5, PerSession = 10, Rounds = 4;
            const int Acquisitions = SessionCount * PerSession * Rounds;
            string lockPath = P("lock");
            string counterPath = P("counter");
            await Client.CreateAsync(counterPath, Bytes("0"));
            var clients = new ZooKeeperClient[SessionCount];
            var locks = new DistributedLock[SessionCount];
            for (int s = 0; s < SessionCount; s++)
            {
                clients[s] = await ConnectAsync();
                locks[s] = new DistributedLock(clients[s], lockPath, Bytes($"session {s}"));
            }
            // For reading the figures: one read round trip on this (shared, busy) machine right now.
            var rtt = Stopwatch.StartNew();
            for (int i = 0; i < 50; i++)
            {
                await Client.ExistsAsync(counterPath);
            }
            double rttMs = rtt.Elapsed.TotalMilliseconds / 50;
            var order = new List<long>();
            int inside = 0, overlaps = 0;
            long memoryCounter = 0;
            var clock = Stopwatch.StartNew();
            var contenders = new List<Task>();
            for (int s = 0; s < SessionCount; s++)
            {
                for (int k = 0; k < PerSession; k++)
                {
                    int session = s;
                    contenders.Add(Task.Run(async () =>
                    {
                        for (int r = 0; r < Rounds; r++)
                        {
                            await using Lease lease = await locks[session].AcquireAsync(Wait.Long);
                            if (Interlocked.Increment(ref inside) != 1)
                            {
                                Interlocked.Increment(ref overlaps);
                            }
                            lock (order)
                            {
                                order.Add(lease.Sequence);
                            }
                            // A deliberately non-atomic read-modify-write, in ZooKeeper and in memory.
                            NodeData read = await clients[session].GetDataAsync(counterPath);
                            long seen = memoryCounter;
                            await Task.Yield();
                            await clients[session].SetDataAsync(counterPath, Bytes((int.Parse(Text(read.Data)) + 1).ToString()));
                            memoryCounter = seen + 1;
                            Interlocked.Decrement(ref inside);
                        }
                    }));
                }
            }
            await Task.WhenAll(contenders).Within(TimeSpan.FromSeconds(90), "all contenders");
            clock.Stop();

            Assert.Equal(0, overlaps);
            Assert.Equal(Acquisitions.ToString(), Text((await Client.GetDataAsync(counterPath)).Data));
            Assert.Equal(Acquisitions, memoryCounter);
            Assert.Equal(Acquisitions, order.Count);
            for (int i = 1; i < order.Count; i++)
            {
                Assert.True(order[i] > order[i - 1], $"acquisition {i} had sequence {order[i]} after {order[i - 1]}");
            }
            long wakeUps = locks.Sum(l => l.WakeUps);
            double perRelease = wakeUps / (double)Acquisitions;
            double perSecond = Acquisitions / clock.Elapsed.TotalSeconds;
            Output.WriteLine($"CONTENTION: {SessionCount * PerSession} contenders on {SessionCount} sessions, {Acquisitions} acquisitions in {clock.Elapsed.TotalSeconds:0.00} s = {perSecond:0} acquisitions/s; {wakeUps} watch notifications = {perRelease:0.00} per release (read round trip {rttMs:0.00} ms)");
            // A herd would wake every waiter (about 25 here) on each release.
            Assert.InRange(perRelease, 0.5, 1.1);
            Assert.Empty(await Client.GetChildrenAsync(lockPath));
            Assert.Empty(await ServerWatches.PathsUnderAsync(Fixture.Server, lockPath));
        }

        [Fact]
        public async Task AContenderWhoseSessionExpiresMidQueueDoesNotStallTheQueue()
        {
            string lockPath = P("lock");
            ZooKeeperClient holderClient = await ConnectAsync();
            Victim victim = await ConnectVictimAsync(Fixture.Server.Port, TimeSpan.FromSeconds(4));
            Lease held = await new DistributedLock(holderClient, lockPath).AcquireAsync(Wait.Long);
            Task<Lease> victimWait = new DistributedLock(victim.Client, lockPath).AcquireAsync(Wait.Long);
            await Children.WaitUntilAsync(Client, lockPath, c => c.Count == 2, "the victim to queue");
            var others = new List<Task>();
            for (int i = 0; i < 3; i++)
            {
                ZooKeeperClient client = await ConnectAsync();
                var mutex = new DistributedLock(client, lockPath);
                others.Add(Task.Run(async () =>
                {
                    await using Lease lease = await mutex.AcquireAsync(Wait.Long);
                }));
                await Children.WaitUntilAsync(Client, lockPath, c => c.Count == 3 + i, "a contender to queue behind the victim");
            }

            await Sessions.ExpireAsync(Fixture.ConnectString, victim);
            SessionLostException lost = await Assert.ThrowsAsync<SessionLostException>(() => victimWait.Within());
            Assert.Equal(ConnectionChange.Expired, lost.Reason);
            await held.ReleaseAsync();

            await Task.WhenAll(others).Within(what: "the contenders behind the expired one");
            Assert.Empty(await Client.GetChildrenAsync(lockPath));
        }

        [Fact]
        public async Task TimeoutAndCancellationLeaveNoNodeBehind()
        {
            string lockPath = P("lock");
            var mutex = new DistributedLock(Client, lockPath);
            Lease held = await mutex.AcquireAsync(Wait.Long);
            ZooKeeperClient other = await ConnectAsync();
            var contender = new DistributedLock(other, lockPath);

            Assert.Null(await contender.TryAcquireAsync(TimeSpan.FromMilliseconds(200)));
            await Assert.ThrowsAsync<RecipeTimeoutException>(() => contender.AcquireAsync(TimeSpan.FromMilliseconds(200)));
            using (var cancel = new CancellationTokenSource())
            {
                Task<Lease> waiting = contender.AcquireAsync(cancel.Token);
                await Children.WaitUntilAsync(Client, lockPath, c => c.Count == 2, "the contender to queue");
                cancel.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Within());
            }
            IReadOnlyList<string> left = await Children.WaitUntilAsync(Client, lockPath, c => c.Count == 1, "the abandoned nodes to go");
            Assert.Equal(held.Node.Name, left.Single());

            await held.ReleaseAsync();
            await using Lease next = await contender.AcquireAsync(Wait.Long);
            Assert.True(next.IsHeld);
        }

        [Fact]
        public async Task AnExpiredSessionLosesItsLeaseAndSaysSo()
        {
            string lockPath = P("lock");
            Victim victim = await ConnectVictimAsync(Fixture.Server.Port, TimeSpan.FromSeconds(4));
            Lease lease = await new DistributedLock(victim.Client, lockPath).AcquireAsync(Wait.Long);
            var lostSignal = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lease.LostToken.Register(() => lostSignal.TrySetResult(true));
            long token = lease.FencingToken;

            await Sessions.ExpireAsync(Fixture.ConnectString, victim);
            await lostSignal.Task.Within(what: "the lease's LostToken");
            Assert.True(lease.IsLost);
            Assert.False(lease.IsHeld);

            await using Lease taken = await new DistributedLock(Client, lockPath).AcquireAsync(Wait.Long);
            Assert.True(taken.FencingToken > token);
            await lease.ReleaseAsync();
        }
    }
}
