using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using Xunit;
using static PSZookeeper.Client.Tests.FakeServer.Bounded;

namespace PSZookeeper.Client.Tests.FakeServer
{
    /// <summary>
    /// A server that sends malformed frames while requests are pipelined: every pending call fails
    /// with ConnectionLoss, the client drops the connection, reconnects to the same session and works.
    /// </summary>
    public class MalformedFrameTests
    {
        private const int Pipelined = 5;

        [Fact]
        public async Task TruncatedFrameThenEof_FailsPendingCallsAndReconnects()
        {
            ConnectionLossException[] failures = await PipelinedMisbehaviourAsync(Misbehaviour.TruncatedReplyThenEof);
            Assert.All(failures, f => Assert.IsType<EndOfStreamException>(f.InnerException));
        }

        [Fact]
        public async Task UnknownXid_FailsPendingCallsAndReconnects()
        {
            ConnectionLossException[] failures = await PipelinedMisbehaviourAsync(Misbehaviour.UnknownXid);
            Assert.All(failures, f => Assert.IsType<ProtocolException>(f.InnerException));
        }

        [Fact]
        public async Task OutOfOrderXid_FailsPendingCallsAndReconnects()
        {
            ConnectionLossException[] failures = await PipelinedMisbehaviourAsync(Misbehaviour.OutOfOrderXid);
            Assert.All(failures, f => Assert.IsType<ProtocolException>(f.InnerException));
        }

        [Theory]
        [InlineData(Misbehaviour.OversizedLength)]
        [InlineData(Misbehaviour.NegativeLength)]
        public async Task BadFrameLength_FailsCleanlyWithoutAllocatingIt(Misbehaviour misbehaviour)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            ConnectionLossException[] failures = await PipelinedMisbehaviourAsync(misbehaviour);
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

            Assert.All(failures, f => Assert.IsType<ProtocolException>(f.InnerException));
            Assert.True(allocated < 64L * 1024 * 1024, $"{allocated} bytes were allocated while handling the bad length.");
        }

        [Theory]
        [InlineData(Misbehaviour.GarbageConnectResponse)]
        [InlineData(Misbehaviour.ThreeByteConnectResponse)]
        public async Task GarbageConnectResponse_ConnectAsyncRetriesAndSucceeds(Misbehaviour misbehaviour)
        {
            await using var server = new FakeZooKeeperServer(ConnectionScript.Misbehave(misbehaviour));

            using ZooKeeperClient client = await Within(ZooKeeperClient.ConnectAsync(server.ConnectString, Options()), "ConnectAsync");

            Assert.Equal(ClientState.Connected, client.State);
            Assert.Equal(FakeZooKeeperServer.SessionId, client.SessionId);
            FakeConnection garbage = await Within(server.Connection(0), "the first connection");
            await Within(garbage.Misbehaved, "the garbage handshake");
            await Within(garbage.Ended, "the client dropping the garbage connection");
            FakeConnection good = await Within(server.Connection(1), "the second connection");
            ReceivedConnectRequest retry = await Within(good.Handshake, "the second handshake");
            Assert.Equal(0, retry.SessionId); // No session was established by the garbage.
            Assert.Equal(new byte[16], retry.Passwd);
            await AssertGetDataWorks(client, "/after-garbage");
            Assert.Empty(server.Faults);
        }

        /// <summary>
        /// Connection 0 misbehaves once it holds <see cref="Pipelined"/> getData requests; connection 1 behaves.
        /// Returns the failures of the pipelined calls.
        /// </summary>
        private static async Task<ConnectionLossException[]> PipelinedMisbehaviourAsync(Misbehaviour misbehaviour)
        {
            await using var server = new FakeZooKeeperServer(ConnectionScript.Misbehave(misbehaviour, afterRequests: Pipelined));
            using ZooKeeperClient client = await Within(ZooKeeperClient.ConnectAsync(server.ConnectString, Options()), "ConnectAsync");
            long sessionId = client.SessionId;
            Assert.Equal(FakeZooKeeperServer.SessionId, sessionId);
            Task<ConnectionChangedEventArgs> reconnected = NextChange(client, ConnectionChange.Reconnected);

            Task<NodeData>[] calls = Enumerable.Range(0, Pipelined).Select(i => client.GetDataAsync($"/node{i}")).ToArray();

            var failures = new ConnectionLossException[Pipelined];
            for (int i = 0; i < Pipelined; i++)
            {
                failures[i] = await FailsWithConnectionLoss(calls[i], $"pending getData #{i}");
            }
            FakeConnection bad = await Within(server.Connection(0), "the first connection");
            await Within(bad.Misbehaved, "the misbehaviour");
            Assert.Equal(Pipelined, bad.Requests.Count(r => r.Op == Protocol.OpCode.GetData));
            await Within(bad.Ended, "the client dropping the bad connection");

            await Within(reconnected, "the Reconnected state change");
            FakeConnection good = await Within(server.Connection(1), "the second connection");
            ReceivedConnectRequest resume = await Within(good.Handshake, "the second handshake");
            Assert.Equal(sessionId, resume.SessionId);
            Assert.Equal(FakeZooKeeperServer.Password, resume.Passwd);
            await AssertGetDataWorks(client, "/after");
            Assert.Equal(sessionId, client.SessionId);
            Assert.Equal(ClientState.Connected, client.State);
            Assert.Empty(server.Faults);
            return failures;
        }

        private static async Task AssertGetDataWorks(ZooKeeperClient client, string path)
        {
            NodeData node = await Within(client.GetDataAsync(path), $"getData {path}");
            Assert.Equal("data:" + path, Encoding.UTF8.GetString(node.Data!));
            Assert.Equal(node.Data!.Length, node.Stat.DataLength);
            Assert.Equal(0x20, node.Stat.Mzxid);
        }
    }
}
