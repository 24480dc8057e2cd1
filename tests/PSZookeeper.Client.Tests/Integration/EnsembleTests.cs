using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    /// <summary>Failover on a real 3-node ensemble: the server a client is on is killed, paused or restarted.</summary>
    [Collection("ensemble")]
    public sealed class EnsembleTests : IAsyncLifetime
    {
        private readonly EnsembleFixture _fixture;
        private readonly List<ZooKeeperClient> _clients = new List<ZooKeeperClient>();
        private readonly string _root = Paths.Unique("ens");

        public EnsembleTests(EnsembleFixture fixture) => _fixture = fixture;

        private ZooKeeperEnsemble Ensemble => _fixture.Ensemble;

        public async Task InitializeAsync()
        {
            await Ensemble.RestoreAsync();
            ZooKeeperClient setup = await ConnectAsync();
            await setup.CreateAsync(_root, null);
        }

        public async Task DisposeAsync()
        {
            foreach (ZooKeeperClient client in _clients)
            {
                client.Dispose();
            }
            await Ensemble.RestoreAsync();
        }

        [Fact]
        public async Task KillingTheConnectedServerMidPipelineLosesNoAcknowledgedWrite()
        {
            ZooKeeperClient client = await ConnectAsync();
            var states = new StateRecorder(client);
            long sessionId = client.SessionId;
            await client.CreateAsync(_root + "/watched", null);
            var dataWatch = new EventRecorder();
            var childWatch = new EventRecorder();
            await client.GetDataAsync(_root + "/watched", dataWatch.Callback);
            await client.GetChildrenAsync(_root + "/watched", childWatch.Callback);

            // Half the writes are acknowledged; the other half are sent to a frozen server and are
            // still in flight when it is killed. Freezing first makes "mid-pipeline" certain: a
            // fast client would otherwise finish every write before the kill lands.
            const int Writes = 1000;
            const int Acknowledged = Writes / 2;
            var writes = new Task<string>[Writes];
            for (int i = 0; i < Acknowledged; i++)
            {
                writes[i] = client.CreateAsync(_root + "/w-", Bytes.Of(i.ToString()), mode: CreateMode.PersistentSequential);
            }
            await Task.WhenAll(writes.Take(Acknowledged)).Within(what: "the acknowledged writes");
            ZooKeeperServer connected = ServerOf(client);
            connected.Pause();
            for (int i = Acknowledged; i < Writes; i++)
            {
                writes[i] = client.CreateAsync(_root + "/w-", Bytes.Of(i.ToString()), mode: CreateMode.PersistentSequential);
            }
            connected.Kill();

            await Task.WhenAny(Task.WhenAll(writes), Task.Delay(Wait.Default));
            Assert.All(writes, w => Assert.True(w.IsCompleted, "a write never completed"));
            var failures = writes.Where(w => w.IsFaulted).Select(w => w.Exception!.InnerException).ToList();
            // The writes in flight on the killed connection fail; none may fail any other way.
            Assert.All(writes.Take(Acknowledged), w => Assert.Equal(TaskStatus.RanToCompletion, w.Status));
            Assert.NotEmpty(failures);
            Assert.All(failures, f => Assert.IsType<ConnectionLossException>(f));

            await states.WaitForAsync(ConnectionChange.Reconnected);
            Assert.Equal(sessionId, client.SessionId);
            Assert.Equal(ClientState.Connected, client.State);

            // Every acknowledged write is present exactly once; a failed one never reached a
            // server that could apply it.
            ZooKeeperClient reader = await ConnectAsync();
            var stored = new Dictionary<string, int>();
            foreach (string child in await reader.GetChildrenAsync(_root))
            {
                if (child.StartsWith("w-", StringComparison.Ordinal))
                {
                    string payload = Bytes.Text((await reader.GetDataAsync(_root + "/" + child)).Data);
                    stored[payload] = stored.TryGetValue(payload, out int n) ? n + 1 : 1;
                }
            }
            for (int i = 0; i < Writes; i++)
            {
                stored.TryGetValue(i.ToString(), out int copies);
                if (writes[i].Status == TaskStatus.RanToCompletion)
                {
                    Assert.Equal(1, copies);
                }
                else
                {
                    Assert.Equal(0, copies);
                }
            }

            // Watches set before the kill were re-armed on the new server.
            await reader.SetDataAsync(_root + "/watched", Bytes.Of("after"));
            await reader.CreateAsync(_root + "/watched/kid", null);
            Assert.Equal(EventType.NodeDataChanged, (await dataWatch.NextAsync()).Type);
            Assert.Equal(EventType.NodeChildrenChanged, (await childWatch.NextAsync()).Type);
        }

        [Fact]
        public async Task PausedServerIsAbandonedAndTheSessionSurvives()
        {
            ZooKeeperClient client = await ConnectAsync(new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromSeconds(6) });
            var states = new StateRecorder(client);
            string eph = await client.CreateAsync(_root + "/eph", null, mode: CreateMode.Ephemeral);
            ZooKeeperServer frozen = ServerOf(client);
            frozen.Pause();
            try
            {
                Task<Stat?> during = client.ExistsAsync(eph);
                await states.WaitForAsync(ConnectionChange.Reconnected, TimeSpan.FromSeconds(30));
                Assert.NotEqual(frozen.ConnectString, client.ConnectedServer);
                Assert.NotNull(await client.ExistsAsync(eph));
                // The request sent to the frozen server failed as a connection loss, or was answered before the freeze.
                await Task.WhenAny(during, Task.Delay(Wait.Default));
                Assert.True(during.IsCompletedSuccessfully || during.Exception!.InnerException is ConnectionLossException);
            }
            finally
            {
                frozen.Resume();
            }
        }

        [Fact]
        public async Task ChangeMadeWhileDisconnectedFiresTheWatchAfterReconnect()
        {
            ZooKeeperClient client = await ConnectAsync();
            var states = new StateRecorder(client);
            await client.CreateAsync(_root + "/n", Bytes.Of("1"));
            var watch = new EventRecorder();
            await client.GetDataAsync(_root + "/n", watch.Callback);
            ZooKeeperServer server = ServerOf(client);
            await server.StopAsync();
            await states.WaitForAsync(ConnectionChange.Disconnected);

            // Changed through another server while our client is between connections (it may already be back).
            ZooKeeperClient other = await ConnectAsync();
            await other.SetDataAsync(_root + "/n", Bytes.Of("2"));

            await states.WaitForAsync(ConnectionChange.Reconnected);
            WatchedEvent e = await watch.NextAsync();
            Assert.Equal(EventType.NodeDataChanged, e.Type);
        }

        [Fact]
        public async Task RetryPolicyCarriesAnIdempotentReadThroughFailover()
        {
            ZooKeeperClient client = await ConnectAsync();
            await client.CreateAsync(_root + "/r", Bytes.Of("v"));
            var policy = new RetryPolicy(maxAttempts: 20, initialDelay: TimeSpan.FromMilliseconds(50), maxDelay: TimeSpan.FromSeconds(1));
            ServerOf(client).Kill();
            NodeData data = await policy.ExecuteAsync(_ => client.GetDataAsync(_root + "/r")).Within();
            Assert.Equal("v", Bytes.Text(data.Data));
        }

        private async Task<ZooKeeperClient> ConnectAsync(ZooKeeperClientOptions? options = null)
        {
            ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(Ensemble.ConnectString, options).Within(what: "connect");
            _clients.Add(client);
            return client;
        }

        private ZooKeeperServer ServerOf(ZooKeeperClient client)
        {
            string server = client.ConnectedServer ?? throw new InvalidOperationException("not connected");
            int port = int.Parse(server.Substring(server.LastIndexOf(':') + 1));
            return Ensemble.FindServerByPort(port) ?? throw new InvalidOperationException($"{server} is not in the ensemble");
        }
    }
}
