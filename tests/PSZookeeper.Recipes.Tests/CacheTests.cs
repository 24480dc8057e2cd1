using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Framework;
using PSZookeeper.Recipes.Caching;
using PSZookeeper.TestServers;
using Xunit;
using Xunit.Abstractions;

namespace PSZookeeper.Recipes.Tests
{
    [Collection("recipes-standalone")]
    public sealed class CacheTests : StandaloneTestBase
    {
        public CacheTests(StandaloneServerFixture fixture, ITestOutputHelper output) : base(fixture, output)
        {
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task NodeCacheFollowsCreateUpdateDelete(bool oneShot)
        {
            string path = P("node");
            await using var cache = new NodeCache(Client, path, oneShot);
            var events = new Recorder(cache);
            await cache.StartAsync().Within();
            Assert.True(cache.IsInitialized);
            Assert.Equal(oneShot, cache.UsesOneShotWatches);
            Assert.Null(cache.Current);
            Assert.Equal(1, events.Initialized);

            ZooKeeperClient writer = await ConnectAsync();
            await writer.CreateAsync(path, Bytes("one"));
            await events.WaitForAsync(CacheChangeType.Added, path);
            Assert.Equal("one", Text(cache.Current!.Data));
            await writer.SetDataAsync(path, Bytes("two"));
            await events.WaitForAsync(CacheChangeType.Updated, path);
            Assert.Equal("two", Text(cache.Current!.Data));
            await writer.CreateAsync(path + "/child", null);
            await writer.DeleteAsync(path + "/child");
            await writer.DeleteAsync(path);
            await events.WaitForAsync(CacheChangeType.Removed, path);
            Assert.Null(cache.Current);
            Assert.DoesNotContain(events.All, e => e.Path != path);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task ChildrenCacheReportsChildrenOnly(bool oneShot)
        {
            string path = P("parent");
            await Client.CreateAsync(path, null);
            await Client.CreateAsync(path + "/a", Bytes("a0"));
            await using var cache = new ChildrenCache(Client, path, useOneShotWatches: oneShot);
            var events = new Recorder(cache);
            await cache.StartAsync().Within();
            Assert.Equal(new[] { "a" }, cache.Children.Select(c => c.Name));
            Assert.Equal(CacheChangeType.Added, events.All.Single().Type);

            await Client.CreateAsync(path + "/b", Bytes("b0"));
            await Client.CreateAsync(path + "/a/deep", null);
            await Client.SetDataAsync(path, Bytes("parent data"));
            await Client.SetDataAsync(path + "/a", Bytes("a1"));
            await events.WaitForAsync(CacheChangeType.Updated, path + "/a");
            await events.WaitForAsync(CacheChangeType.Added, path + "/b");
            Assert.Equal("a1", Text(cache.GetChild("a")!.Data));
            Assert.DoesNotContain(events.All, e => e.Path == path || e.Path.EndsWith("/deep", StringComparison.Ordinal));

            await Client.DeleteAsync(path + "/b");
            await events.WaitForAsync(CacheChangeType.Removed, path + "/b");
            Assert.Equal(new[] { "a" }, cache.Children.Select(c => c.Name));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task TreeCacheKeepsASubtreeToItsDepth(bool oneShot)
        {
            string root = P("tree");
            await using var cache = new TreeCache(Client, root, new TreeCacheOptions { MaxDepth = 2, UseOneShotWatches = oneShot });
            var events = new Recorder(cache);
            await cache.StartAsync().Within();
            Assert.Empty(cache.GetAll());

            await Client.CreateAsync(root, Bytes("r"));
            await Client.CreateAsync(root + "/a", Bytes("a"));
            await Client.CreateAsync(root + "/a/b", Bytes("b"));
            await Client.CreateAsync(root + "/a/b/c", Bytes("too deep"));
            await events.WaitForAsync(CacheChangeType.Added, root + "/a/b");
            Assert.Equal(new[] { root, root + "/a", root + "/a/b" }, cache.GetAll().Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal("b", Text(cache.GetNode(root + "/a/b")!.Data));

            await Client.DeleteRecursiveAsync(root);
            await events.WaitForAsync(CacheChangeType.Removed, root);
            Assert.Empty(cache.GetAll());
            List<string> removals = events.All.Where(e => e.Type == CacheChangeType.Removed).Select(e => e.Path).ToList();
            Assert.Equal(new[] { root + "/a/b", root + "/a", root }, removals);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task AfterAReconnectTheCacheReportsWhatChangedMeanwhileIncludingANodeReplaced(bool oneShot)
        {
            string root = P("tree");
            await Client.CreateAsync(root, null);
            await Client.CreateAsync(root + "/replaced", Bytes("old"));
            await Client.CreateAsync(root + "/updated", Bytes("old"));
            await Client.CreateAsync(root + "/deleted", null);
            Victim victim = await ConnectVictimAsync(Fixture.Server.Port, TimeSpan.FromSeconds(8));
            await using var cache = new TreeCache(victim.Client, root, new TreeCacheOptions { UseOneShotWatches = oneShot });
            var events = new Recorder(cache);
            await cache.StartAsync().Within();
            events.Clear();

            victim.Proxy.Block();
            await events.WaitForStateAsync(ConnectionState.Suspended);
            await Client.DeleteAsync(root + "/replaced");
            await Client.CreateAsync(root + "/replaced", Bytes("new"));
            await Client.CreateAsync(root + "/flash", null);
            await Client.DeleteAsync(root + "/flash");
            await Client.SetDataAsync(root + "/updated", Bytes("new"));
            await Client.DeleteAsync(root + "/deleted");
            await Client.CreateAsync(root + "/added", null);
            victim.Proxy.Unblock();
            await events.WaitForStateAsync(ConnectionState.Reconnected);

            var expected = await Trees.ReadAsync(Client, root);
            await Wait.UntilAsync(() => Trees.Difference(cache.GetAll(), expected) == null, events.Pulse, Wait.Long, "the cache to converge");
            List<string> seen = events.All.Select(e => $"{e.Type} {e.Path.Substring(root.Length)}").ToList();
            Assert.Equal(new[] { "Added /added", "Added /replaced", "Removed /deleted", "Removed /replaced", "Updated /updated" }, seen.OrderBy(s => s, StringComparer.Ordinal));
            Assert.True(seen.IndexOf("Removed /replaced") < seen.IndexOf("Added /replaced"), string.Join(", ", seen));
        }

        /// <summary>
        /// A one-shot tree cache sets getData watches on the root that a persistent tree cache of the
        /// same session watches recursively; on the 3.8.0 server that used to end the recursive
        /// watch (ZOOKEEPER-4466), and the persistent cache silently stopped seeing changes.
        /// </summary>
        [Fact]
        public async Task TreeCachesOfBothWatchKindsOnOneSessionBothFollowEveryChange()
        {
            string root = P("tree");
            await Client.CreateAsync(root, Bytes("r"));
            await Client.CreateAsync(root + "/a", Bytes("a"));
            await using var persistent = new TreeCache(Client, root);
            await using var oneShot = new TreeCache(Client, root, new TreeCacheOptions { UseOneShotWatches = true });
            var pulse = new Pulse();
            foreach (TreeCache cache in new[] { persistent, oneShot })
            {
                cache.Changed += (_, _) => pulse.Fire();
                await cache.StartAsync().Within();
            }

            ZooKeeperClient writer = await ConnectAsync();
            await writer.SetDataAsync(root, Bytes("r1"));
            await writer.CreateAsync(root + "/b", Bytes("b"));
            await writer.CreateAsync(root + "/a/x", Bytes("x"));
            await writer.SetDataAsync(root + "/a", Bytes("a1"));
            await writer.DeleteAsync(root + "/b");
            await writer.CreateAsync(root + "/c", Bytes("c"));

            var expected = await Trees.ReadAsync(writer, root);
            await Converge.UntilSameAsync(() => Trees.Difference(persistent.GetAll(), expected), pulse, Wait.Long, "the persistent tree cache to converge");
            await Converge.UntilSameAsync(() => Trees.Difference(oneShot.GetAll(), expected), pulse, Wait.Long, "the one-shot tree cache to converge");
        }

        /// <summary>
        /// A disposed cache and a live one watch the same root; once the live one has applied a
        /// change (its application is asynchronous), the disposed one must have applied nothing.
        /// </summary>
        [Fact]
        public async Task DisposingACacheStopsItsUpdates()
        {
            string root = P("tree");
            var cache = new TreeCache(Client, root);
            var events = new Recorder(cache);
            await using var live = new TreeCache(Client, root);
            var liveEvents = new Recorder(live);
            await cache.StartAsync().Within();
            await live.StartAsync().Within();
            await cache.DisposeAsync();

            await Client.CreateAsync(root, null);
            await Client.CreateAsync(root + "/child", null);
            await liveEvents.WaitForAsync(CacheChangeType.Added, root + "/child");
            Assert.Empty(cache.GetAll());
            Assert.Empty(events.All);
        }

        /// <summary>Collects a cache's events and lets a test wait for one.</summary>
        internal sealed class Recorder
        {
            private readonly ConcurrentQueue<CacheChangedEventArgs> _changes = new ConcurrentQueue<CacheChangedEventArgs>();
            private readonly ConcurrentQueue<ConnectionState> _states = new ConcurrentQueue<ConnectionState>();
            private int _initialized;

            public Recorder(ZNodeCache cache)
            {
                cache.Changed += (_, e) =>
                {
                    _changes.Enqueue(e);
                    Pulse.Fire();
                };
                cache.Initialized += (_, _) =>
                {
                    System.Threading.Interlocked.Increment(ref _initialized);
                    Pulse.Fire();
                };
                cache.ConnectionStateChanged += (_, e) =>
                {
                    _states.Enqueue(e.State);
                    Pulse.Fire();
                };
            }

            public Pulse Pulse { get; } = new Pulse();

            public int Initialized => System.Threading.Volatile.Read(ref _initialized);

            public List<CacheChangedEventArgs> All => _changes.ToList();

            public void Clear()
            {
                while (_changes.TryDequeue(out _))
                {
                }
            }

            public Task WaitForAsync(CacheChangeType type, string path) =>
                Wait.UntilAsync(() => _changes.Any(e => e.Type == type && e.Path == path), Pulse, Wait.Long, $"{type} {path}");

            public Task WaitForStateAsync(ConnectionState state) =>
                Wait.UntilAsync(() => _states.Contains(state), Pulse, Wait.Long, $"the cache to report {state}");
        }
    }
}
