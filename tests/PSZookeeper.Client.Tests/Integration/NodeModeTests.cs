using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    [Collection("standalone")]
    public sealed class NodeModeTests : ClientTestBase
    {
        public NodeModeTests(StandaloneFixture fixture) : base(fixture)
        {
        }

        [Fact]
        public async Task EphemeralBelongsToTheSessionAndGoesAtClose()
        {
            ZooKeeperClient owner = await ConnectAsync();
            string path = await owner.CreateAsync(P("eph"), null, mode: CreateMode.Ephemeral);
            Stat stat = (await Client.ExistsAsync(path))!;
            Assert.Equal(owner.SessionId, stat.EphemeralOwner);
            Assert.Equal(new[] { path }, await owner.GetEphemeralsAsync(Root));

            await owner.CloseAsync();
            // closeSession is processed before its reply, so the node is gone with no wait.
            Assert.Null(await Client.ExistsAsync(path));
        }

        [Fact]
        public async Task EphemeralsCannotHaveChildren()
        {
            await Client.CreateAsync(P("e"), null, mode: CreateMode.Ephemeral);
            await Assert.ThrowsAsync<Errors.NoChildrenForEphemeralsException>(() => Client.CreateAsync(P("e/c"), null));
        }

        [Fact]
        public async Task SequentialNamesIncrease()
        {
            string a = await Client.CreateAsync(P("job-"), null, mode: CreateMode.PersistentSequential);
            string b = await Client.CreateAsync(P("job-"), null, mode: CreateMode.EphemeralSequential);
            Assert.Matches(@"job-\d{10}$", a);
            Assert.True(string.CompareOrdinal(a, b) < 0);
        }

        [Fact]
        public async Task ContainerIsReapedAfterItsLastChildGoes()
        {
            await Client.CreateAsync(P("box"), null, mode: CreateMode.Container);
            await Client.CreateAsync(P("box/item"), null);
            await Client.DeleteAsync(P("box/item"));
            await Wait.UntilAsync(async () => await Client.ExistsAsync(P("box")) == null, TimeSpan.FromSeconds(20), "the container to be reaped");
        }

        [Fact]
        public async Task TtlNodeIsReapedAfterItsTtl()
        {
            CreateResult created = await Client.CreateWithStatAsync(P("ttl"), null, mode: CreateMode.PersistentWithTtl, ttl: 500);
            Assert.Equal(P("ttl"), created.Path);
            string seq = await Client.CreateAsync(P("ttlseq-"), null, mode: CreateMode.PersistentSequentialWithTtl, ttl: 500);
            await Wait.UntilAsync(async () => await Client.ExistsAsync(P("ttl")) == null && await Client.ExistsAsync(seq) == null,
                TimeSpan.FromSeconds(20), "the TTL nodes to be reaped");
        }

        [Fact]
        public async Task ChrootMakesPathsRelative()
        {
            ZooKeeperClient rooted = await ConnectAsync(suffix: Root);
            string created = await rooted.CreateAsync("/inside", Bytes.Of("x"));
            Assert.Equal("/inside", created);
            Assert.Equal("x", Bytes.Text((await Client.GetDataAsync(P("inside"))).Data));

            var events = new EventRecorder();
            await rooted.GetDataAsync("/inside", events.Callback);
            await Client.SetDataAsync(P("inside"), Bytes.Of("y"));
            Assert.Equal("/inside", (await events.NextAsync()).Path);

            string eph = await rooted.CreateAsync("/e-", null, mode: CreateMode.EphemeralSequential);
            Assert.Equal(new[] { eph }, await rooted.GetEphemeralsAsync());
            var multi = await rooted.MultiAsync(new[] { Op.Create("/m", null, Ids.OpenAclUnsafe) });
            Assert.Equal("/m", ((CreateResult)multi[0]).Path);
            Assert.Contains("m", await rooted.GetChildrenAsync("/"));
        }
    }
}
