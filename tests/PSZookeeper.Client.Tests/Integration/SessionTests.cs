using System;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    [Collection("standalone")]
    public sealed class SessionTests : ClientTestBase
    {
        public SessionTests(StandaloneFixture fixture) : base(fixture)
        {
        }

        [Fact]
        public async Task SessionCanBeResumedByIdAndPassword()
        {
            // The first owner is cut off (as if its process died) so it cannot take the session back.
            await using var proxy = new TcpProxy(Fixture.Server.Port);
            ZooKeeperClient first = await ZooKeeperClient.ConnectAsync(proxy.ConnectString).Within();
            string eph = await first.CreateAsync(P("eph"), null, mode: CreateMode.Ephemeral);
            proxy.Block();

            ZooKeeperClient resumed = await ConnectAsync(new ZooKeeperClientOptions
            {
                SessionId = first.SessionId,
                SessionPassword = first.GetSessionPassword(),
            });
            Assert.Equal(first.SessionId, resumed.SessionId);
            Assert.Equal(first.SessionId, (await resumed.ExistsAsync(eph))!.EphemeralOwner);
            Assert.Equal(new[] { eph }, await resumed.GetEphemeralsAsync(Root));
            first.Dispose();
        }

        [Fact]
        public async Task RealServerSideExpiryEndsTheSession()
        {
            // The victim reaches the server through a proxy, so it can be kept from reconnecting
            // (and taking its session back) while another connection closes the session for real.
            await using var proxy = new TcpProxy(Fixture.Server.Port);
            ZooKeeperClient victim = await ZooKeeperClient.ConnectAsync(proxy.ConnectString,
                new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromSeconds(4) }).Within();
            var states = new StateRecorder(victim);
            string eph = await victim.CreateAsync(P("eph"), null, mode: CreateMode.Ephemeral);
            var watch = new EventRecorder();
            await victim.GetDataAsync(eph, watch.Callback);

            proxy.Block();
            await states.WaitForAsync(ConnectionChange.Disconnected);
            ZooKeeperClient thief = await ConnectAsync(new ZooKeeperClientOptions
            {
                SessionId = victim.SessionId,
                SessionPassword = victim.GetSessionPassword(),
            });
            await thief.CloseAsync();
            Assert.Null(await Client.ExistsAsync(eph));
            proxy.Unblock();

            await states.WaitForAsync(ConnectionChange.Expired);
            Assert.Equal(ClientState.Expired, victim.State);
            await Assert.ThrowsAsync<SessionExpiredException>(() => victim.GetDataAsync(Root));
            Assert.Equal(0, watch.Count);
            victim.Dispose();
        }

        [Fact]
        public async Task ResumingAnExpiredSessionFails()
        {
            ZooKeeperClient gone = await ConnectAsync();
            long id = gone.SessionId;
            byte[] password = gone.GetSessionPassword();
            await gone.CloseAsync();
            await Assert.ThrowsAsync<SessionExpiredException>(() =>
                ZooKeeperClient.ConnectAsync(Fixture.ConnectString, new ZooKeeperClientOptions { SessionId = id, SessionPassword = password }).Within());
        }

        [Fact]
        public async Task SessionTimeoutIsNegotiated()
        {
            // The fixture's tickTime is 500 ms, so the server's minimum is 1 s and its maximum 60 s.
            ZooKeeperClient low = await ConnectAsync(new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromMilliseconds(100) });
            Assert.Equal(TimeSpan.FromSeconds(1), low.SessionTimeout);
            ZooKeeperClient high = await ConnectAsync(new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromMinutes(5) });
            Assert.Equal(TimeSpan.FromSeconds(60), high.SessionTimeout);
        }

        [Fact]
        public async Task ConnectingToNothingFailsWithinTheConnectTimeout()
        {
            int deadPort = Ports.Dead();
            var ex = await Assert.ThrowsAsync<ConnectionLossException>(() => ZooKeeperClient.ConnectAsync(
                $"127.0.0.1:{deadPort}", new ZooKeeperClientOptions { ConnectTimeout = TimeSpan.FromSeconds(1) }).Within());
            Assert.Contains("No server answered", ex.Message);
        }

        [Fact]
        public async Task ClosedClientRefusesRequests()
        {
            ZooKeeperClient client = await ConnectAsync();
            var states = new StateRecorder(client);
            await client.CloseAsync();
            await states.WaitForAsync(ConnectionChange.Closed);
            Assert.Equal(ClientState.Closed, client.State);
            await Assert.ThrowsAsync<ObjectDisposedException>(() => client.ExistsAsync("/"));
        }
    }
}
