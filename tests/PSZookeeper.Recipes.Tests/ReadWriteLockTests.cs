using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.TestServers;
using Xunit;
using Xunit.Abstractions;

namespace PSZookeeper.Recipes.Tests
{
    [Collection("recipes-standalone")]
    public sealed class ReadWriteLockTests : StandaloneTestBase
    {
        public ReadWriteLockTests(StandaloneServerFixture fixture, ITestOutputHelper output) : base(fixture, output)
        {
        }

        [Fact]
        public async Task ReadersShareAndAReaderQueuedBehindAWriterWaitsForIt()
        {
            string path = P("rw");
            var a = new DistributedReadWriteLock(Client, path);
            var b = new DistributedReadWriteLock(await ConnectAsync(), path);
            Lease r1 = await a.ReadLock.AcquireAsync(Wait.Long);
            Lease r2 = await b.ReadLock.AcquireAsync(Wait.Long);

            var log = new List<string>();
            Task writer = Task.Run(async () =>
            {
                await using Lease w = await b.WriteLock.AcquireAsync(Wait.Long);
                lock (log)
                {
                    log.Add("write");
                }
            });
            await Children.WaitUntilAsync(Client, path, c => c.Count == 3, "the writer to queue");
            Task lateReader = Task.Run(async () =>
            {
                await using Lease r = await a.ReadLock.AcquireAsync(Wait.Long);
                lock (log)
                {
                    log.Add("read");
                }
            });
            await Children.WaitUntilAsync(Client, path, c => c.Count == 4, "the late reader to queue");
            Assert.Empty(log);

            await r1.ReleaseAsync();
            await r2.ReleaseAsync();
            await Task.WhenAll(writer, lateReader).Within();
            Assert.Equal(new[] { "write", "read" }, log);
            Assert.Empty(await Client.GetChildrenAsync(path));
        }

        [Fact]
        public async Task WritersExcludeEveryoneReadersExcludeOnlyWriters()
        {
            string path = P("rw");
            var sides = new List<DistributedReadWriteLock>();
            for (int s = 0; s < 3; s++)
            {
                sides.Add(new DistributedReadWriteLock(await ConnectAsync(), path));
            }
            int readers = 0, writers = 0, maxReaders = 0, violations = 0;
            var tasks = new List<Task>();
            for (int i = 0; i < 12; i++)
            {
                DistributedReadWriteLock rw = sides[i % sides.Count];
                bool write = i % 4 == 0;
                tasks.Add(Task.Run(async () =>
                {
                    for (int round = 0; round < 4; round++)
                    {
                        await using Lease lease = await (write ? rw.WriteLock : rw.ReadLock).AcquireAsync(Wait.Long);
                        if (write)
                        {
                            if (Interlocked.Increment(ref writers) != 1 || Volatile.Read(ref readers) != 0)
                            {
                                Interlocked.Increment(ref violations);
                            }
                            await Client.ExistsAsync(path);
                            Interlocked.Decrement(ref writers);
                        }
                        else
                        {
                            int now = Interlocked.Increment(ref readers);
                            InterlockedMax(ref maxReaders, now);
                            if (Volatile.Read(ref writers) != 0)
                            {
                                Interlocked.Increment(ref violations);
                            }
                            await Client.ExistsAsync(path);
                            Interlocked.Decrement(ref readers);
                        }
                    }
                }));
            }
            await Task.WhenAll(tasks).Within(TimeSpan.FromSeconds(60));
            Assert.Equal(0, violations);
            Assert.True(maxReaders >= 2, $"readers never overlapped (max {maxReaders})");
            Assert.Empty(await Client.GetChildrenAsync(path));
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
