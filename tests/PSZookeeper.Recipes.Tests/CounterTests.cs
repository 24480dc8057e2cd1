using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.TestServers;
using Xunit;
using Xunit.Abstractions;

namespace PSZookeeper.Recipes.Tests
{
    [Collection("recipes-standalone")]
    public sealed class CounterTests : StandaloneTestBase
    {
        public CounterTests(StandaloneServerFixture fixture, ITestOutputHelper output) : base(fixture, output)
        {
        }

        [Fact]
        public async Task ConcurrentAddsFromManySessionsEndExact()
        {
            string path = P("counter");
            var counters = new List<SharedCounter>();
            for (int s = 0; s < 4; s++)
            {
                counters.Add(new SharedCounter(await ConnectAsync(), path, 100));
            }
            var tasks = new List<Task>();
            foreach (SharedCounter counter in counters)
            {
                for (int t = 0; t < 3; t++)
                {
                    tasks.Add(Task.Run(async () =>
                    {
                        for (int i = 0; i < 15; i++)
                        {
                            await counter.IncrementAsync();
                        }
                    }));
                }
            }
            await Task.WhenAll(tasks).Within(System.TimeSpan.FromSeconds(60));
            Assert.Equal(100 + 4 * 3 * 15, await counters[0].GetAsync());
            Output.WriteLine($"COUNTER: {counters.Sum(c => c.Conflicts)} lost compare-and-sets retried for {4 * 3 * 15} adds");
            Assert.True(counters.Sum(c => c.Conflicts) > 0, "the adds never raced, so the retry was not exercised");
        }

        [Fact]
        public async Task CompareAndSetFailsOnAStaleVersion()
        {
            var counter = new SharedCounter(Client, P("counter"), 7);
            VersionedValue start = await counter.GetVersionedAsync();
            Assert.Equal(7, start.Value);
            Assert.True(await counter.TrySetAsync(start, 8));
            Assert.False(await counter.TrySetAsync(start, 9));
            Assert.Equal(8, await counter.GetAsync());
            Assert.Equal(-2, await counter.AddAsync(-10));
            await counter.SetAsync(long.MaxValue);
            Assert.Equal(long.MaxValue, await counter.GetAsync());
        }
    }
}
