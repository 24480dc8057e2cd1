using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.TestServers;
using Xunit;
using Xunit.Abstractions;

namespace PSZookeeper.Recipes.Tests
{
    [Collection("recipes-standalone")]
    public sealed class SemaphoreTests : StandaloneTestBase
    {
        public SemaphoreTests(StandaloneServerFixture fixture, ITestOutputHelper output) : base(fixture, output)
        {
        }

        [Fact]
        public async Task NeverMoreThanMaxLeasesAndAllAreUsed()
        {
            const int MaxLeases = 3;
            string path = P("sem");
            var semaphores = new List<DistributedSemaphore>();
            for (int s = 0; s < 2; s++)
            {
                semaphores.Add(new DistributedSemaphore(await ConnectAsync(), path, MaxLeases));
            }
            int holders = 0, maxHolders = 0;
            var full = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var tasks = new List<Task>();
            for (int i = 0; i < 10; i++)
            {
                DistributedSemaphore semaphore = semaphores[i % 2];
                tasks.Add(Task.Run(async () =>
                {
                    for (int round = 0; round < 3; round++)
                    {
                        await using Lease lease = await semaphore.AcquireAsync(Wait.Long);
                        int now = Interlocked.Increment(ref holders);
                        lock (full)
                        {
                            maxHolders = Math.Max(maxHolders, now);
                        }
                        if (now == MaxLeases)
                        {
                            full.TrySetResult(true);
                        }
                        // Hold until the semaphore has been full once, so overlap is certain, not lucky.
                        await Task.WhenAny(full.Task, Task.Delay(Wait.Long));
                        Interlocked.Decrement(ref holders);
                    }
                }));
            }
            await Task.WhenAll(tasks).Within(TimeSpan.FromSeconds(60));
            Assert.Equal(MaxLeases, maxHolders);
            Assert.Empty(await semaphores[0].GetLeaseNodesAsync());
            Assert.Empty(await Client.GetChildrenAsync(path + "/locks"));
        }

        [Fact]
        public async Task ATimedOutAcquireLeavesNothingQueued()
        {
            string path = P("sem");
            var semaphore = new DistributedSemaphore(Client, path, 1);
            Lease held = await semaphore.AcquireAsync(Wait.Long);
            var other = new DistributedSemaphore(await ConnectAsync(), path, 1);
            Assert.Null(await other.TryAcquireAsync(TimeSpan.FromMilliseconds(300)));
            await Assert.ThrowsAsync<RecipeTimeoutException>(() => other.AcquireAsync(TimeSpan.FromMilliseconds(300)));
            Assert.Single(await semaphore.GetLeaseNodesAsync());
            Assert.Empty(await Client.GetChildrenAsync(path + "/locks"));
            Task<Lease> waiting = other.AcquireAsync(Wait.Long);
            await held.ReleaseAsync();
            await using Lease next = await waiting.Within();
            Assert.True(next.IsHeld);
        }
    }
}
