using System;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    [Collection("standalone")]
    public sealed class WatchTests : ClientTestBase
    {
        public WatchTests(StandaloneFixture fixture) : base(fixture)
        {
        }

        [Fact]
        public async Task DataWatchFiresOnceOnChange()
        {
            await Client.CreateAsync(P("d"), Bytes.Of("1"));
            var events = new EventRecorder();
            await Client.GetDataAsync(P("d"), events.Callback);

            ZooKeeperClient other = await ConnectAsync();
            await other.SetDataAsync(P("d"), Bytes.Of("2"));
            WatchedEvent e = await events.NextAsync();
            Assert.Equal(EventType.NodeDataChanged, e.Type);
            Assert.Equal(P("d"), e.Path);

            // One-shot: a second change is not reported; a later read proves the event would have come first.
            await other.SetDataAsync(P("d"), Bytes.Of("3"));
            await Client.GetDataAsync(P("d"));
            Assert.Equal(1, events.Count);
        }

        [Fact]
        public async Task ExistsWatchOnMissingNodeFiresOnCreate()
        {
            var events = new EventRecorder();
            Assert.Null(await Client.ExistsAsync(P("later"), events.Callback));
            ZooKeeperClient other = await ConnectAsync();
            await other.CreateAsync(P("later"), null);
            WatchedEvent e = await events.NextAsync();
            Assert.Equal(EventType.NodeCreated, e.Type);
            Assert.Equal(P("later"), e.Path);
        }

        [Fact]
        public async Task ChildWatchFiresOnChildCreateAndDeleteWatchOnDelete()
        {
            await Client.CreateAsync(P("p"), null);
            var children = new EventRecorder();
            var data = new EventRecorder();
            await Client.GetChildrenAsync(P("p"), children.Callback);
            await Client.GetDataAsync(P("p"), data.Callback);

            await Client.CreateAsync(P("p/kid"), null);
            Assert.Equal(EventType.NodeChildrenChanged, (await children.NextAsync()).Type);

            await Client.DeleteAsync(P("p/kid"));
            await Client.DeleteAsync(P("p"));
            WatchedEvent deleted = await data.NextAsync();
            Assert.Equal(EventType.NodeDeleted, deleted.Type);
        }

        [Fact]
        public async Task WatchEventArrivesBeforeTheReplyThatObservesTheChange()
        {
            await Client.CreateAsync(P("o"), Bytes.Of("old"));
            bool callbackRan = false;
            await Client.GetDataAsync(P("o"), _ => callbackRan = true);
            ZooKeeperClient other = await ConnectAsync();
            await other.SetDataAsync(P("o"), Bytes.Of("new"));

            // Read until this session observes the new data; by then the watch callback must have run.
            for (int i = 0; i < 1000; i++)
            {
                NodeData read = await Client.GetDataAsync(P("o"));
                if (Bytes.Text(read.Data) == "new")
                {
                    Assert.True(callbackRan, "the reply observing the change completed before the watch event was delivered");
                    return;
                }
            }
            Assert.Fail("the change never became visible");
        }

        [Fact]
        public async Task PersistentWatchFiresRepeatedly()
        {
            await Client.CreateAsync(P("pw"), null);
            var events = new EventRecorder();
            await Client.AddWatchAsync(P("pw"), events.Callback, AddWatchMode.Persistent);

            await Client.SetDataAsync(P("pw"), Bytes.Of("1"));
            await Client.SetDataAsync(P("pw"), Bytes.Of("2"));
            await Client.CreateAsync(P("pw/c"), null);
            Assert.Equal(EventType.NodeDataChanged, (await events.NextAsync()).Type);
            Assert.Equal(EventType.NodeDataChanged, (await events.NextAsync()).Type);
            Assert.Equal(EventType.NodeChildrenChanged, (await events.NextAsync()).Type);
        }

        [Fact]
        public async Task RecursiveWatchSeesDescendants()
        {
            await Client.CreateAsync(P("r"), null);
            var events = new EventRecorder();
            await Client.AddWatchAsync(P("r"), events.Callback, AddWatchMode.PersistentRecursive);

            await Client.CreateAsync(P("r/a"), null);
            await Client.CreateAsync(P("r/a/b"), null);
            await Client.SetDataAsync(P("r/a/b"), Bytes.Of("x"));
            await Client.DeleteAsync(P("r/a/b"));

            WatchedEvent e1 = await events.NextAsync();
            WatchedEvent e2 = await events.NextAsync();
            WatchedEvent e3 = await events.NextAsync();
            WatchedEvent e4 = await events.NextAsync();
            Assert.Equal((EventType.NodeCreated, P("r/a")), (e1.Type, e1.Path));
            Assert.Equal((EventType.NodeCreated, P("r/a/b")), (e2.Type, e2.Path));
            Assert.Equal((EventType.NodeDataChanged, P("r/a/b")), (e3.Type, e3.Path));
            Assert.Equal((EventType.NodeDeleted, P("r/a/b")), (e4.Type, e4.Path));
        }

        [Fact]
        public async Task RemoveWatchesStopsEventsAndReportsTheRemoval()
        {
            await Client.CreateAsync(P("rm"), null);
            var events = new EventRecorder();
            await Client.GetDataAsync(P("rm"), events.Callback);
            await Client.CheckWatchesAsync(P("rm"), WatcherType.Data);

            await Client.RemoveWatchesAsync(P("rm"), WatcherType.Data);
            Assert.Equal(EventType.DataWatchRemoved, (await events.NextAsync()).Type);
            await Assert.ThrowsAsync<NoWatcherException>(() => Client.CheckWatchesAsync(P("rm"), WatcherType.Data));
            await Assert.ThrowsAsync<NoWatcherException>(() => Client.RemoveWatchesAsync(P("rm"), WatcherType.Data));

            await Client.SetDataAsync(P("rm"), Bytes.Of("after"));
            await Client.GetDataAsync(P("rm"));
            Assert.Equal(1, events.Count);
        }

        [Fact]
        public async Task RemovingOnePersistentWatcherKeepsTheOther()
        {
            await Client.CreateAsync(P("two"), null);
            var kept = new EventRecorder();
            var removed = new EventRecorder();
            await Client.AddWatchAsync(P("two"), kept.Callback, AddWatchMode.Persistent);
            await Client.AddWatchAsync(P("two"), removed.Callback, AddWatchMode.Persistent);

            await Client.RemoveWatchesAsync(P("two"), WatcherType.Any, removed.Callback);
            Assert.Equal(EventType.PersistentWatchRemoved, (await removed.NextAsync()).Type);

            await Client.SetDataAsync(P("two"), Bytes.Of("x"));
            Assert.Equal(EventType.NodeDataChanged, (await kept.NextAsync()).Type);
            Assert.Equal(1, removed.Count);
        }

        [Fact]
        public async Task RemovingTheLastCallbackDropsTheServersWatch()
        {
            await Client.CreateAsync(P("last"), null);
            var only = new EventRecorder();
            await Client.AddWatchAsync(P("last"), only.Callback, AddWatchMode.PersistentRecursive);
            await Client.RemoveWatchesAsync(P("last"), WatcherType.Any, only.Callback);
            Assert.Equal(EventType.PersistentWatchRemoved, (await only.NextAsync()).Type);
            // The server no longer holds any watch of this session on the path.
            await Assert.ThrowsAsync<NoWatcherException>(() => Client.CheckWatchesAsync(P("last"), WatcherType.Any));
        }

        [Fact]
        public async Task IsEventThreadIsTrueOnlyInCallbacks()
        {
            await Client.CreateAsync(P("thread"), null);
            var seen = new TaskCompletionSource<bool>();
            await Client.GetDataAsync(P("thread"), _ => seen.SetResult(ZooKeeperClient.IsEventThread));
            await Client.SetDataAsync(P("thread"), null);
            Assert.True(await seen.Task.Within());
            Assert.False(ZooKeeperClient.IsEventThread);
        }

        [Fact]
        public async Task SlowCallbackDoesNotStallTheConnection()
        {
            var options = new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromSeconds(4) };
            ZooKeeperClient blocked = await ConnectAsync(options);
            string eph = await blocked.CreateAsync(P("mine"), null, mode: CreateMode.Ephemeral);
            await Client.CreateAsync(P("slow"), null);
            var entered = new TaskCompletionSource<bool>();
            var release = new TaskCompletionSource<bool>();
            await blocked.GetDataAsync(P("slow"), _ => { entered.SetResult(true); release.Task.Wait(); });
            var states = new StateRecorder(blocked);

            await Client.SetDataAsync(P("slow"), Bytes.Of("x"));
            await entered.Task.Within(what: "the slow callback to start");
            Task<NodeData> queued = blocked.GetDataAsync(P("slow"));
            try
            {
                // Hold the event thread for well over the session timeout: only pings sent and read
                // by the socket loops can keep the session (and its ephemeral) alive meanwhile.
                await Task.Delay(blocked.SessionTimeout * 2);
                Assert.NotNull(await Client.ExistsAsync(eph));
                Assert.False(queued.IsCompleted, "a reply overtook the watch event still being delivered");
            }
            finally
            {
                release.SetResult(true);
            }
            Assert.Equal("x", Bytes.Text((await queued.Within()).Data));
            // The proof is the session: a connection stalled by the callback would send no pings
            // and the server would expire it (and its ephemeral) within the timeout. A reconnect
            // within the session may still happen on a loaded machine and is no failure.
            Assert.Equal(ClientState.Connected, blocked.State);
            Assert.DoesNotContain(ConnectionChange.Expired, states.Seen);
            Assert.NotNull(await Client.ExistsAsync(eph));
        }
    }
}
