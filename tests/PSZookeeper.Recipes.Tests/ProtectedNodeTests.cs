using System;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.TestServers;
using Xunit;
using Xunit.Abstractions;

namespace PSZookeeper.Recipes.Tests
{
    [Collection("recipes-standalone")]
    public sealed class ProtectedNodeTests : StandaloneTestBase
    {
        public ProtectedNodeTests(StandaloneServerFixture fixture, ITestOutputHelper output) : base(fixture, output)
        {
        }

        [Fact]
        public async Task TheNameCarriesTheGuidAndTheParentIsMadeOnDemand()
        {
            ProtectedNode node = await ProtectedNodes.CreateAsync(Client, P("a/b"), "lock-", Bytes("x"));
            Assert.StartsWith("_c_" + node.ProtectionId.ToString("N") + "-lock-", node.Name);
            Assert.Equal(0, node.Sequence);
            Assert.Equal(Client.SessionId, node.Stat.EphemeralOwner);
            Assert.True(ProtectedNodes.TryParseName(node.Name, out Guid id, out string rest));
            Assert.Equal(node.ProtectionId, id);
            Assert.Equal("lock-0000000000", rest);
            ProtectedNode? found = await ProtectedNodes.FindAsync(Client, P("a/b"), node.ProtectionId);
            Assert.Equal(node.Path, found!.Path);
            Assert.Null(await ProtectedNodes.FindAsync(Client, P("a/b"), Guid.NewGuid()));
        }

        [Fact]
        public async Task ARetryWithTheSameIdAdoptsTheNodeInsteadOfMakingASecond()
        {
            // What a retry after a lost reply does: look for the id first, and find our own node.
            Guid id = Guid.NewGuid();
            ProtectedNode first = await ProtectedNodes.CreateAsync(Client, P("dir"), "n-", null, protectionId: id);
            ProtectedNode again = await ProtectedNodes.CreateAsync(Client, P("dir"), "n-", null, protectionId: id);
            Assert.Equal(first.Path, again.Path);
            Assert.Single(await Client.GetChildrenAsync(P("dir")));
        }

        [Fact]
        public async Task ANodeLeftByAPreviousSessionIsDeleted()
        {
            Guid id = Guid.NewGuid();
            ZooKeeperClient crashed = await ConnectAsync();
            ProtectedNode stale = await ProtectedNodes.CreateAsync(crashed, P("dir"), "n-", null, protectionId: id);
            // The restarted process (a new session) takes over with the id it saved.
            ZooKeeperClient restarted = await ConnectAsync();
            ProtectedNode fresh = await ProtectedNodes.CreateAsync(restarted, P("dir"), "n-", null, protectionId: id);
            Assert.NotEqual(stale.Path, fresh.Path);
            Assert.Null(await Client.ExistsAsync(stale.Path));
            Assert.Equal(restarted.SessionId, (await Client.ExistsAsync(fresh.Path))!.EphemeralOwner);
            Assert.Equal(fresh.Name, (await Client.GetChildrenAsync(P("dir"))).Single());
        }

        [Fact]
        public async Task PersistentSequentialNodesCanBeProtectedToo()
        {
            ProtectedNode node = await ProtectedNodes.CreateAsync(Client, P("q"), "item-", Bytes("v"), CreateMode.PersistentSequential);
            Assert.False(node.Stat.IsEphemeral);
            Assert.Equal("v", Text((await Client.GetDataAsync(node.Path)).Data));
        }
    }
}
