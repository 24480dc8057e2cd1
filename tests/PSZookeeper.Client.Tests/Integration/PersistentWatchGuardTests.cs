using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    /// <summary>
    /// ZOOKEEPER-4466 on the 3.8.0 server, and the client's guard against it. The server keeps one
    /// watch mode per session and path, so a one-shot watch set on a path the session watches
    /// persistently replaces the persistent watch without telling the client. The "Unguarded"
    /// tests turn the guard off to show what the server does with what the client used to send;
    /// the others prove the guard keeps every watcher working.
    /// <para>
    /// No test waits for an event to stay away: the changes are made by the watching session
    /// itself, and the server sends a watch event before the reply of the request that caused
    /// it, so once a later reply is in, every event it caused has been delivered.
    /// </para>
    /// </summary>
    [Collection("standalone")]
    public sealed class PersistentWatchGuardTests : ClientTestBase
    {
        public PersistentWatchGuardTests(StandaloneFixture fixture) : base(fixture)
        {
        }

        private Task<ZooKeeperClient> UnguardedAsync() => ConnectAsync(new ZooKeeperClientOptions { GuardPersistentWatches = false });

        [Fact]
        public async Task Unguarded_ADataWatchReplacesTheRecursiveWatch_AndNoDataWatchIsLeftOnceItFires()
        {
            ZooKeeperClient client = await UnguardedAsync();
            var (recursive, oneShot) = await PersistentThenOneShotAsync(client, "r", AddWatchMode.PersistentRecursive, client.GetDataAsync);
            await ChangeAsync(client, "r", "create a", "set 1", "set 2", "create b");

            // The descendant's creation was never reported; the one change reported came through the one-shot.
            Assert.Equal(new[] { "NodeDataChanged /r" }, recursive.Lines);
            Assert.Equal(new[] { "NodeDataChanged /r" }, oneShot.Lines);
            // The client still counts the recursive watch as armed; the server holds no data watch for it.
            await Assert.ThrowsAsync<NoWatcherException>(() => client.CheckWatchesAsync(P("r"), WatcherType.Data));
        }

        [Fact]
        public async Task Unguarded_AnExistsWatchEndsAPlainPersistentWatchsDataEventsOnceItFires()
        {
            ZooKeeperClient client = await UnguardedAsync();
            var (persistent, _) = await PersistentThenOneShotAsync(client, "p", AddWatchMode.Persistent, client.ExistsAsync);
            await ChangeAsync(client, "p", "set 1", "set 2", "create kid");

            Assert.Equal(new[] { "NodeDataChanged /p", "NodeChildrenChanged /p" }, persistent.Lines);
        }

        [Fact]
        public async Task Unguarded_AChildWatchEndsAPlainPersistentWatchsChildEventsOnceItFires()
        {
            ZooKeeperClient client = await UnguardedAsync();
            var (persistent, _) = await PersistentThenOneShotAsync(client, "p", AddWatchMode.Persistent, client.GetChildrenAsync);
            await ChangeAsync(client, "p", "create a", "create b", "set 1");

            Assert.Equal(new[] { "NodeChildrenChanged /p", "NodeDataChanged /p" }, persistent.Lines);
        }

        [Fact]
        public async Task Unguarded_AChildWatchCostsARecursiveWatchNothing()
        {
            ZooKeeperClient client = await UnguardedAsync();
            var (recursive, _) = await PersistentThenOneShotAsync(client, "r", AddWatchMode.PersistentRecursive, client.GetChildrenAsync);
            await ChangeAsync(client, "r", "create a", "create b", "delete a");

            Assert.Equal(new[] { "NodeCreated /r/a", "NodeCreated /r/b", "NodeDeleted /r/a" }, recursive.Lines);
        }

        [Fact]
        public async Task Unguarded_APersistentWatchSetAfterAOneShotKeepsBoth() => await ProveOneShotThenPersistentAsync(await UnguardedAsync());

        [Fact]
        public async Task ADataWatchOnARecursivelyWatchedPathRidesOnIt()
        {
            var (recursive, oneShot) = await PersistentThenOneShotAsync(Client, "r", AddWatchMode.PersistentRecursive, Client.GetDataAsync);
            await ChangeAsync(Client, "r", "create a", "set 1", "set 2", "create b");

            Assert.Equal(new[] { "NodeCreated /r/a", "NodeDataChanged /r", "NodeDataChanged /r", "NodeCreated /r/b" }, recursive.Lines);
            Assert.Equal(new[] { "NodeDataChanged /r" }, oneShot.Lines);
            await Client.CheckWatchesAsync(P("r"), WatcherType.Data);
        }

        [Fact]
        public async Task ExistsAndChildWatchesOnAPersistentlyWatchedPathRideOnIt()
        {
            var (persistent, exists) = await PersistentThenOneShotAsync(Client, "p", AddWatchMode.Persistent, Client.ExistsAsync);
            var children = new EventLog(Root);
            await Client.GetChildrenAsync(P("p"), children.Callback);
            await ChangeAsync(Client, "p", "set 1", "create a", "set 2", "create b");

            Assert.Equal(new[] { "NodeDataChanged /p", "NodeChildrenChanged /p", "NodeDataChanged /p", "NodeChildrenChanged /p" }, persistent.Lines);
            Assert.Equal(new[] { "NodeDataChanged /p" }, exists.Lines);
            Assert.Equal(new[] { "NodeChildrenChanged /p" }, children.Lines);
        }

        [Fact]
        public async Task AnExistsWatchOnAMissingRecursivelyWatchedPathFiresOnItsCreation()
        {
            var recursive = new EventLog(Root);
            var exists = new EventLog(Root);
            await Client.AddWatchAsync(P("later"), recursive.Callback, AddWatchMode.PersistentRecursive);
            Assert.Null(await Client.ExistsAsync(P("later"), exists.Callback));

            await Client.CreateAsync(P("later"), null);
            await ChangeAsync(Client, "later", "create a");

            Assert.Equal(new[] { "NodeCreated /later", "NodeCreated /later/a" }, recursive.Lines);
            Assert.Equal(new[] { "NodeCreated /later" }, exists.Lines);
        }

        [Fact]
        public async Task APersistentWatchSetAfterAOneShotKeepsBoth() => await ProveOneShotThenPersistentAsync(Client);

        [Fact]
        public async Task RemovingTheRecursiveWatchLeavesTheOneShotsThatRodeOnItArmed()
        {
            var (recursive, data) = await PersistentThenOneShotAsync(Client, "r", AddWatchMode.PersistentRecursive, Client.GetDataAsync);
            var children = new EventLog(Root);
            await Client.GetChildrenAsync(P("r"), children.Callback);

            await Client.RemoveWatchesAsync(P("r"), WatcherType.Any, recursive.Callback);
            // The server now holds one-shots of this session only: a data and a child watch.
            await Client.CheckWatchesAsync(P("r"), WatcherType.Data);
            await Client.CheckWatchesAsync(P("r"), WatcherType.Children);
            await ChangeAsync(Client, "r", "create a", "set 1", "set 2");

            Assert.Equal(new[] { "PersistentWatchRemoved /r" }, recursive.Lines);
            Assert.Equal(new[] { "NodeDataChanged /r" }, data.Lines);
            Assert.Equal(new[] { "NodeChildrenChanged /r" }, children.Lines);
            await Assert.ThrowsAsync<NoWatcherException>(() => Client.CheckWatchesAsync(P("r"), WatcherType.Any));
        }

        [Fact]
        public async Task RemovingARidingOneShotLeavesThePersistentWatchWhole()
        {
            var (persistent, data) = await PersistentThenOneShotAsync(Client, "p", AddWatchMode.Persistent, Client.GetDataAsync);

            await Client.RemoveWatchesAsync(P("p"), WatcherType.Data, data.Callback);
            await ChangeAsync(Client, "p", "set 1", "create a");

            Assert.Equal(new[] { "DataWatchRemoved /p" }, data.Lines);
            Assert.Equal(new[] { "NodeDataChanged /p", "NodeChildrenChanged /p" }, persistent.Lines);
        }

        /// <summary>
        /// A one-shot first, then the persistent watch: the server keeps the persistent mode, which
        /// delivers the one-shot's event too, so this order needs no guard.
        /// </summary>
        private async Task ProveOneShotThenPersistentAsync(ZooKeeperClient client)
        {
            await client.CreateAsync(P("r"), null);
            var recursive = new EventLog(Root);
            var oneShot = new EventLog(Root);
            await client.GetDataAsync(P("r"), oneShot.Callback);
            await client.AddWatchAsync(P("r"), recursive.Callback, AddWatchMode.PersistentRecursive);
            await ChangeAsync(client, "r", "create a", "set 1", "set 2", "create b");

            Assert.Equal(new[] { "NodeCreated /r/a", "NodeDataChanged /r", "NodeDataChanged /r", "NodeCreated /r/b" }, recursive.Lines);
            Assert.Equal(new[] { "NodeDataChanged /r" }, oneShot.Lines);
        }

        /// <summary>Creates the node, watches it persistently, then sets a one-shot watch on it with <paramref name="oneShot"/>.</summary>
        private async Task<(EventLog Persistent, EventLog OneShot)> PersistentThenOneShotAsync<T>(ZooKeeperClient client, string node,
            AddWatchMode mode, Func<string, Action<WatchedEvent>?, Task<T>> oneShot)
        {
            await client.CreateAsync(P(node), null);
            var persistent = new EventLog(Root);
            var once = new EventLog(Root);
            await client.AddWatchAsync(P(node), persistent.Callback, mode);
            await oneShot(P(node), once.Callback);
            return (persistent, once);
        }

        /// <summary>
        /// Applies steps through the watching session itself ("create x" and "delete x" for a child
        /// of the node, "set v" for its data), then syncs: every event they caused has been delivered.
        /// </summary>
        private async Task ChangeAsync(ZooKeeperClient client, string node, params string[] steps)
        {
            foreach (string step in steps)
            {
                string[] words = step.Split(' ');
                string child = P(node + "/" + words[1]);
                switch (words[0])
                {
                    case "create":
                        await client.CreateAsync(child, null);
                        break;
                    case "delete":
                        await client.DeleteAsync(child);
                        break;
                    case "set":
                        await client.SetDataAsync(P(node), Bytes.Of(words[1]));
                        break;
                    default:
                        throw new ArgumentException($"Unknown step '{step}'.", nameof(steps));
                }
            }
            await client.SyncAsync(P(node));
        }

        /// <summary>Events as "Type /path-below-the-test-root", in the order delivered.</summary>
        private sealed class EventLog
        {
            private readonly string _root;
            private readonly List<string> _lines = new List<string>();

            public EventLog(string root) => _root = root;

            public Action<WatchedEvent> Callback => e =>
            {
                lock (_lines)
                {
                    _lines.Add($"{e.Type} {e.Path!.Substring(_root.Length)}");
                }
            };

            public string[] Lines
            {
                get
                {
                    lock (_lines)
                    {
                        return _lines.ToArray();
                    }
                }
            }
        }
    }
}
