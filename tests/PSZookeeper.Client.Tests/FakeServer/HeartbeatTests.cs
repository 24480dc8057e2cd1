using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using PSZookeeper.Client.Protocol;
using Xunit;
using static PSZookeeper.Client.Tests.FakeServer.Bounded;

namespace PSZookeeper.Client.Tests.FakeServer
{
    /// <summary>Pings on an idle connection, and giving up on a server that goes silent.</summary>
    public class HeartbeatTests
    {
        private static readonly TimeSpan ReadTimeout = TimeSpan.FromMilliseconds(FakeZooKeeperServer.NegotiatedTimeoutMs * 2 / 3);

        /// <summary>
        /// An idle client pings, and the answered pings count as traffic: the connection outlives the
        /// read timeout with nothing but pings on it. The pings are counted, not timed: load can only
        /// delay them, so a client that pinged too often shows as too many pings within the read timeout.
        /// </summary>
        [Fact]
        public async Task IdleClient_SendsPings_AndAnsweredPingsKeepTheConnection()
        {
            await using var server = new FakeZooKeeperServer();
            using ZooKeeperClient client = await Within(ZooKeeperClient.ConnectAsync(server.ConnectString, Options()), "ConnectAsync");
            var changes = RecordChanges(client);
            FakeConnection connection = await Within(server.Connection(0), "the connection");

            await Within(connection.Pings.ReadAsync().AsTask(), "the first ping");
            ReceivedRequest ping = connection.Requests.First(r => r.Xid == SpecialXid.Ping);
            Assert.Equal(new byte[] { 0xff, 0xff, 0xff, 0xfe, 0x00, 0x00, 0x00, 0x0b }, ping.Frame);

            // At one ping per third of the timeout, the read timeout (two thirds) holds two intervals:
            // a client pinging on schedule needs about three pings to get past it, never ten.
            int pings = 1;
            TimeSpan since;
            do
            {
                since = await Within(connection.Pings.ReadAsync().AsTask(), "the next ping");
                pings++;
                Assert.True(pings < 10, $"{pings} pings within the read timeout of {ReadTimeout.TotalMilliseconds:0} ms: pinging far too often.");
            }
            while (since <= ReadTimeout);

            Assert.Equal(1, server.ConnectionCount);
            Assert.Equal(ClientState.Connected, client.State);
            Assert.False(connection.Ended.IsCompleted);
            Assert.Empty(changes);
            Assert.Empty(server.Faults);
        }

        /// <summary>
        /// A server that stops answering is abandoned by the heartbeat (the calls on it fail with a
        /// connection loss caused by the read timeout, not by the socket), and the client resumes
        /// the same session on its next connection: the session is never lost. How long the
        /// abandonment takes is measured in bench (PSZookeeper.Bench.Timing), not asserted here.
        /// </summary>
        [Fact]
        public async Task SilentServer_IsAbandonedAfterTheReadTimeout_AndTheClientReconnects()
        {
            await using var server = new FakeZooKeeperServer(ConnectionScript.Misbehave(Misbehaviour.Silent, afterRequests: 5));
            using ZooKeeperClient client = await Within(ZooKeeperClient.ConnectAsync(server.ConnectString, Options()), "ConnectAsync");
            long sessionId = client.SessionId;
            var changes = RecordChanges(client);
            Task<ConnectionChangedEventArgs> reconnected = NextChange(client, ConnectionChange.Reconnected);

            Task<NodeData>[] calls = Enumerable.Range(0, 5).Select(i => client.GetDataAsync($"/silent{i}")).ToArray();
            FakeConnection silent = await Within(server.Connection(0), "the first connection");
            await Within(silent.Misbehaved, "the server going silent");
            foreach (Task<NodeData> call in calls)
            {
                var failure = await FailsWithConnectionLoss(call, "a call to the silent server");
                Assert.IsType<TimeoutException>(failure.InnerException);
            }

            await Within(reconnected, "the Reconnected state change");
            FakeConnection next = await Within(server.Connection(1), "the second connection");
            Assert.Equal(sessionId, (await Within(next.Handshake, "the second handshake")).SessionId);
            NodeData node = await Within(client.GetDataAsync("/after-silence"), "getData after reconnecting");
            Assert.Equal("data:/after-silence", Encoding.UTF8.GetString(node.Data!));
            Assert.Equal(sessionId, client.SessionId);
            Assert.Equal(new[] { ConnectionChange.Disconnected, ConnectionChange.Reconnected }, changes);
            Assert.Empty(server.Faults);
        }

        /// <summary>
        /// The state changes a connected client reports from now on, in order; the first Connected
        /// (queued by the connect, it may be delivered after this subscribes) is left out.
        /// </summary>
        private static System.Collections.Concurrent.ConcurrentQueue<ConnectionChange> RecordChanges(ZooKeeperClient client)
        {
            var changes = new System.Collections.Concurrent.ConcurrentQueue<ConnectionChange>();
            client.StateChanged += (_, e) =>
            {
                if (e.Change != ConnectionChange.Connected)
                {
                    changes.Enqueue(e.Change);
                }
            };
            return changes;
        }
    }
}
