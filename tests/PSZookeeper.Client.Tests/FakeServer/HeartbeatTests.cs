using System;
using System.Diagnostics;
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
        private static readonly TimeSpan Negotiated = TimeSpan.FromMilliseconds(FakeZooKeeperServer.NegotiatedTimeoutMs);
        private static readonly TimeSpan PingInterval = TimeSpan.FromTicks(Negotiated.Ticks / 3);
        private static readonly TimeSpan ReadTimeout = TimeSpan.FromTicks(Negotiated.Ticks * 2 / 3);

        [Fact]
        public async Task IdleClient_SendsPings_AndAnsweredPingsKeepTheConnection()
        {
            await using var server = new FakeZooKeeperServer();
            using ZooKeeperClient client = await Within(ZooKeeperClient.ConnectAsync(server.ConnectString, Options()), "ConnectAsync");
            FakeConnection connection = await Within(server.Connection(0), "the connection");

            TimeSpan first = await Within(connection.Pings.ReadAsync().AsTask(), "the first ping");
            Assert.True(first <= PingInterval * 2, $"The first ping came {first.TotalMilliseconds:0} ms after the handshake.");
            ReceivedRequest ping = connection.Requests.First(r => r.Xid == SpecialXid.Ping);
            Assert.Equal(new byte[] { 0xff, 0xff, 0xff, 0xfe, 0x00, 0x00, 0x00, 0x0b }, ping.Frame);

            // Three answered pings span more than the read timeout: the replies must count as traffic.
            await Within(connection.Pings.ReadAsync().AsTask(), "the second ping");
            TimeSpan third = await Within(connection.Pings.ReadAsync().AsTask(), "the third ping");
            Assert.True(third > ReadTimeout, $"Three pings within {third.TotalMilliseconds:0} ms: pinging faster than every {PingInterval.TotalMilliseconds:0} ms.");
            Assert.Equal(1, server.ConnectionCount);
            Assert.Equal(SessionState.Connected, client.State);
            Assert.False(connection.Ended.IsCompleted);
            Assert.Empty(server.Faults);
        }

        [Fact]
        public async Task SilentServer_IsAbandonedAfterTheReadTimeout_AndTheClientReconnects()
        {
            await using var server = new FakeZooKeeperServer(ConnectionScript.Misbehave(Misbehaviour.Silent, afterRequests: 5));
            var clock = Stopwatch.StartNew();
            using ZooKeeperClient client = await Within(ZooKeeperClient.ConnectAsync(server.ConnectString, Options()), "ConnectAsync");
            long sessionId = client.SessionId;
            Task<ConnectionChangedEventArgs> reconnected = NextChange(client, ConnectionChange.Reconnected);

            Task<NodeData>[] calls = Enumerable.Range(0, 5).Select(i => client.GetDataAsync($"/silent{i}")).ToArray();
            FakeConnection silent = await Within(server.Connection(0), "the first connection");
            await Within(silent.Misbehaved, "the server going silent");
            foreach (Task<NodeData> call in calls)
            {
                var failure = await FailsWithConnectionLoss(call, "a call to the silent server");
                Assert.IsType<TimeoutException>(failure.InnerException);
            }
            TimeSpan abandonedAfter = clock.Elapsed;

            // Nothing arrived after the handshake, which followed the clock's start: at least the read timeout passed.
            Assert.True(abandonedAfter >= ReadTimeout, $"Abandoned after only {abandonedAfter.TotalMilliseconds:0} ms.");
            Assert.True(abandonedAfter < Negotiated, $"Abandoned only after {abandonedAfter.TotalMilliseconds:0} ms, past the session timeout.");

            await Within(reconnected, "the Reconnected state change");
            FakeConnection next = await Within(server.Connection(1), "the second connection");
            Assert.Equal(sessionId, (await Within(next.Handshake, "the second handshake")).SessionId);
            NodeData node = await Within(client.GetDataAsync("/after-silence"), "getData after reconnecting");
            Assert.Equal("data:/after-silence", Encoding.UTF8.GetString(node.Data!));
            Assert.Equal(sessionId, client.SessionId);
            Assert.Empty(server.Faults);
        }
    }
}
