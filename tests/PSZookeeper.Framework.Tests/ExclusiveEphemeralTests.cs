using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Framework.Tests
{
    public sealed class ExclusiveEphemeralTests : FrameworkTestBase
    {
        public ExclusiveEphemeralTests(StandaloneServerFixture fixture) : base(fixture)
        {
        }

        [Fact]
        public async Task TheFirstSessionGetsTheNodeAnotherFindsItTakenAndAMissingParentIsSaid()
        {
            ConnectionMonitor mine = ConnectionMonitor.For(Client);
            ConnectionMonitor other = ConnectionMonitor.For(await ConnectAsync());
            Assert.Equal(ClaimOutcome.Ours, await ExclusiveEphemeral.ClaimAsync(mine, P("claim"), null, CancellationToken.None));
            Assert.Equal(ClaimOutcome.Taken, await ExclusiveEphemeral.ClaimAsync(other, P("claim"), null, CancellationToken.None));
            Assert.Equal(Client.SessionId, (await Client.ExistsAsync(P("claim")))!.EphemeralOwner);
            Assert.Equal(ClaimOutcome.NoParent, await ExclusiveEphemeral.ClaimAsync(other, P("none/claim"), null, CancellationToken.None));
        }

        [Fact]
        public async Task AClaimThatSurvivesALostReplyIsStillOurs()
        {
            var proxy = NewProxy();
            // The server applies the create, the reply never arrives: the retry meets NodeExists, and the owner is us.
            Task<int> cut = proxy.CutAfterReplyTo(P("lost"), 1, 15);
            ZooKeeperClient client = await ConnectAsync(proxy.ConnectString);
            ConnectionMonitor monitor = ConnectionMonitor.For(client);
            Task<ClaimOutcome> claim = ExclusiveEphemeral.ClaimAsync(monitor, P("lost"), null, CancellationToken.None);
            Assert.Equal(0, await cut.Within("the proxy to cut the create's reply"));
            proxy.Unblock();
            Assert.Equal(ClaimOutcome.Ours, await claim.Within("the claim"));
            Assert.Equal(client.SessionId, (await Client.ExistsAsync(P("lost")))!.EphemeralOwner);
        }
    }
}
