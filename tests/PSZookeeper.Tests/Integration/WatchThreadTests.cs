using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Framework;
using PSZookeeper.TestServers;
using Xunit;
using Xunit.Abstractions;

namespace PSZookeeper.Tests.Integration
{
    /// <summary>Watches registered from PowerShell share their session's one watch thread.</summary>
    [Collection("standalone")]
    public sealed class WatchThreadTests
    {
        private const int WatchCount = 10_000;
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
        private readonly StandaloneServerFixture _fixture;
        private readonly ITestOutputHelper _output;

        public WatchThreadTests(StandaloneServerFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        [Fact]
        public async Task TenThousandWatchesInOneSessionShareOneThreadAndEachStillDelivers()
        {
            ZKSession session = await ZKSession.OpenAsync("ManyWatches", _fixture.ConnectString, null, CancellationToken.None);
            try
            {
                string root = "/many-" + Guid.NewGuid().ToString("N").Substring(0, 12);
                await session.Client.CreateRecursiveAsync(root, null);
                int threadsBefore = ProcessThreads();
                var delivered = new ConcurrentDictionary<string, string?>();
                var watchers = Enumerable.Range(0, WatchCount).Select(i => new ZKWatcher(session, $"{root}/n{i}", ZKWatchKind.Data)).ToArray();
                foreach (ZKWatcher watcher in watchers)
                {
                    watcher.Changed += (_, e) => delivered[e.Path] = e.Data;
                }
                await Task.WhenAll(watchers.Select(w => w.Ready));

                // Every 1,000th watch gets a node: each of those must see its own creation.
                int[] touched = Enumerable.Range(0, WatchCount).Where(i => i % 1000 == 0).ToArray();
                await Task.WhenAll(touched.Select(i => session.Client.CreateAsync($"{root}/n{i}", Encoding.UTF8.GetBytes("v" + i))));
                var deadline = DateTime.UtcNow + Wait;
                while (delivered.Count < touched.Length && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(10);
                }
                Assert.Equal(touched.Select(i => $"{root}/n{i}").OrderBy(p => p), delivered.Keys.OrderBy(p => p));
                Assert.All(touched, i => Assert.Equal("v" + i, delivered[$"{root}/n{i}"]));

                int watchThreads = ThreadsNamed("PSZookeeper wat");
                _output.WriteLine($"{WatchCount} watches: {watchThreads} watch thread(s); process threads {threadsBefore} before, {ProcessThreads()} after");
                Assert.Equal(1, watchThreads);
            }
            finally
            {
                session.Close();
            }
        }

        private static int ProcessThreads() => System.Diagnostics.Process.GetCurrentProcess().Threads.Count;

        // Linux keeps each thread's name (its first 15 characters) in /proc/self/task/<tid>/comm.
        private static int ThreadsNamed(string prefix) =>
            Directory.GetDirectories("/proc/self/task")
                .Count(task => File.Exists(Path.Combine(task, "comm")) && File.ReadAllText(Path.Combine(task, "comm")).StartsWith(prefix, StringComparison.Ordinal));
    }
}
