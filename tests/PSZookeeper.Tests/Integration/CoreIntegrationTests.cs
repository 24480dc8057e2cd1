using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Core;
using PSZookeeper.Framework;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Tests.Integration
{
    [Collection("standalone")]
    public sealed class CoreIntegrationTests : IAsyncLifetime
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
        private readonly StandaloneServerFixture _fixture;
        private ZKSession _session = null!;

        public CoreIntegrationTests(StandaloneServerFixture fixture) => _fixture = fixture;

        public async Task InitializeAsync() =>
            _session = await ZKSession.OpenAsync("Test", _fixture.ConnectString, null, CancellationToken.None);

        public Task DisposeAsync()
        {
            _session.Close();
            return Task.CompletedTask;
        }

        private static string NewPath() => "/x-" + Guid.NewGuid().ToString("N").Substring(0, 12);

        [Fact]
        public async Task SessionRegistryKeepsNamesAndTheCurrentSession()
        {
            var registry = SessionRegistry.For(new object());
            ZKSession a = await ZKSession.OpenAsync(registry.NextName(), _fixture.ConnectString, null, CancellationToken.None);
            ZKSession b = await ZKSession.OpenAsync(registry.NextName(), _fixture.ConnectString, null, CancellationToken.None);
            try
            {
                Assert.Equal("Session1", a.Name);
                Assert.Equal("Session2", b.Name);
                registry.Add(a);
                registry.Add(b, makeCurrent: false);
                Assert.Same(a, registry.Current);
                Assert.True(a.IsCurrent);
                registry.MakeCurrent(b);
                Assert.Same(b, registry.Current);
                Assert.False(a.IsCurrent);
                // Match uses PowerShell's WildcardPattern, which needs PowerShell itself: Watches.Tests.ps1 covers it.
                Assert.Same(a, registry.Find("SESSION1"));
                Assert.True(registry.Remove(b));
                Assert.Same(a, registry.Current);
                Assert.False(registry.Remove(b));
                ZKSession replacement = await ZKSession.OpenAsync("Session1", _fixture.ConnectString, null, CancellationToken.None);
                Assert.Same(a, registry.Add(replacement));
                replacement.Close();
                Assert.Equal(ClientState.Closed, replacement.State);
                Assert.True(replacement.IsTerminal);
            }
            finally
            {
                a.Close();
                b.Close();
            }
        }

        [Fact]
        public void RegistriesArePerOwner()
        {
            object owner = new object();
            Assert.Same(SessionRegistry.For(owner), SessionRegistry.For(owner));
            Assert.NotSame(SessionRegistry.For(owner), SessionRegistry.For(new object()));
        }

        [Fact]
        public async Task WatcherReportsChildrenAddedAndRemoved()
        {
            string p = NewPath();
            await _session.Client.CreateRecursiveAsync(p + "/old", null);
            var events = new BlockingCollection<ZKWatchEventArgs>();
            var watcher = new ZKWatcher(_session, p, ZKWatchKind.Children);
            watcher.Changed += (s, e) => events.Add(e);
            await watcher.Ready;
            await _session.Client.CreateAsync(p + "/new", null);
            Assert.True(events.TryTake(out ZKWatchEventArgs? added, Wait));
            Assert.Equal(new[] { "new" }, added!.Added);
            Assert.Empty(added.Removed);
            Assert.Equal(new[] { "new", "old" }, added.Children);
            await _session.Client.DeleteAsync(p + "/old");
            Assert.True(events.TryTake(out ZKWatchEventArgs? removed, Wait));
            Assert.Equal(new[] { "old" }, removed!.Removed);
            Assert.Equal(2, removed.Sequence);
            Assert.Contains(watcher, _session.Watchers);
            watcher.Stop(removeFromServer: true);
            Assert.False(watcher.IsRunning);
            Assert.DoesNotContain(watcher, _session.Watchers);
        }

        [Fact]
        public async Task DataWatcherCarriesTheNewDataInOrder()
        {
            string p = NewPath();
            await _session.Client.CreateAsync(p, null);
            var seen = new BlockingCollection<ZKWatchEventArgs>();
            var watcher = new ZKWatcher(_session, p, ZKWatchKind.Data, deferDelivery: true);
            watcher.Changed += (s, e) => { };
            watcher.SetDelivery(seen.Add);
            await watcher.Ready;
            for (int i = 0; i < 200; i++)
            {
                _ = _session.Client.SetDataAsync(p, Encoding.UTF8.GetBytes(i.ToString()));
            }
            var got = new List<ZKWatchEventArgs>();
            while (got.Count < 200 && seen.TryTake(out ZKWatchEventArgs? e, Wait))
            {
                got.Add(e!);
            }
            Assert.Equal(200, got.Count);
            Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), got.Select(e => e.Sequence));
            Assert.All(got, e => Assert.Equal(EventType.NodeDataChanged, e.EventType));
            Assert.Equal("199", got[199].Data);
            watcher.Stop(removeFromServer: true);
        }

        [Fact]
        public void WatchKindsFilterEventTypes()
        {
            Assert.True(ZKWatcher.Matches(ZKWatchKind.Exists, EventType.NodeCreated));
            Assert.False(ZKWatcher.Matches(ZKWatchKind.Exists, EventType.NodeDataChanged));
            Assert.True(ZKWatcher.Matches(ZKWatchKind.Children, EventType.NodeChildrenChanged));
            Assert.False(ZKWatcher.Matches(ZKWatchKind.Data, EventType.NodeChildrenChanged));
            Assert.True(ZKWatcher.Matches(ZKWatchKind.All, EventType.NodeChildrenChanged));
            Assert.False(ZKWatcher.Matches(ZKWatchKind.All, EventType.None));
        }

        [Fact]
        public async Task ClosingTheSessionStopsItsWatchers()
        {
            ZKSession session = await ZKSession.OpenAsync("Closing", _fixture.ConnectString, null, CancellationToken.None);
            var watcher = new ZKWatcher(session, "/", ZKWatchKind.Children);
            watcher.Changed += (s, e) => { };
            await watcher.Ready;
            session.Close();
            Assert.False(watcher.IsRunning);
            Assert.Equal(ClientState.Closed, session.State);
        }

        [Fact]
        public async Task WaiterSeesCreationChangeAndDeletion()
        {
            string p = NewPath();
            Assert.Null(await NodeWaiter.WaitAsync(_session.Client, p, ZKWaitCondition.Deleted, CancellationToken.None));
            // Each waiter sends its exists-with-watch before WaitAsync returns, and one session's
            // requests are applied in order: its watch is armed before the change that follows.
            Task<WatchedEvent?> exists = NodeWaiter.WaitAsync(_session.Client, p, ZKWaitCondition.Exists, CancellationToken.None);
            // This reply follows the waiter's own: it has seen the node missing and is waiting.
            Assert.Null(await _session.Client.ExistsAsync(p));
            Assert.False(exists.IsCompleted);
            await _session.Client.CreateAsync(p, null);
            await exists.WaitAsync(Wait);
            Task<WatchedEvent?> changed = NodeWaiter.WaitAsync(_session.Client, p, ZKWaitCondition.Changed, CancellationToken.None);
            await _session.Client.SetDataAsync(p, new byte[] { 1 });
            Assert.Equal(EventType.NodeDataChanged, (await changed.WaitAsync(Wait))!.Type);
            Task<WatchedEvent?> deleted = NodeWaiter.WaitAsync(_session.Client, p, ZKWaitCondition.Deleted, CancellationToken.None);
            await _session.Client.DeleteAsync(p);
            await deleted.WaitAsync(Wait);
            using var cts = new CancellationTokenSource(200);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NodeWaiter.WaitAsync(_session.Client, p, ZKWaitCondition.Exists, cts.Token));
        }

        [Fact]
        public async Task FourLetterWordsReachTheServer()
        {
            string ruok = await FourLetterWord.SendAsync("127.0.0.1", _fixture.Server.Port, "ruok", Wait, CancellationToken.None);
            Assert.Equal("imok", ruok);
            var mntr = FourLetterWord.Parse(await FourLetterWord.SendAsync("127.0.0.1", _fixture.Server.Port, "mntr", Wait, CancellationToken.None));
            Assert.Contains(mntr, p => p.Key == "zk_server_state");
            await Assert.ThrowsAsync<ArgumentException>(() => FourLetterWord.SendAsync("127.0.0.1", _fixture.Server.Port, "toolong", Wait, CancellationToken.None));
        }
    }
}
