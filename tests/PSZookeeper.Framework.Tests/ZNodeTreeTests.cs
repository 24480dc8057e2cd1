using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Framework.Tests
{
    public sealed class ZNodeTreeTests : FrameworkTestBase
    {
        public ZNodeTreeTests(StandaloneServerFixture fixture) : base(fixture)
        {
        }

        [Fact]
        public async Task CreateRecursiveMakesTheMissingAncestorsAndReturnsTheNodesStat()
        {
            CreateResult created = await Client.CreateRecursiveAsync(P("a/b/c"), Encoding.UTF8.GetBytes("leaf"));
            Assert.Equal(P("a/b/c"), created.Path);
            Assert.Equal(4, created.Stat!.DataLength);
            Assert.NotNull(await Client.ExistsAsync(P("a/b")));
            // Ancestors that exist are fine; the node itself existing is not.
            await Client.CreateRecursiveAsync(P("a/b/d"), null);
            await Assert.ThrowsAsync<NodeExistsException>(() => Client.CreateRecursiveAsync(P("a/b/c"), null));
        }

        [Fact]
        public async Task EnsurePathIsTrueOnlyForTheCallThatCreatedTheNode()
        {
            Assert.True(await Client.EnsurePathAsync(P("x/y"), null, null, CreateMode.Container));
            Assert.False(await Client.EnsurePathAsync(P("x/y")));
            Assert.Equal(CreateMode.Persistent.ToString(), ModeOf(await Client.ExistsAsync(P("x"))));
            Assert.False(await Client.EnsurePathAsync(ZNodePath.Root));
        }

        [Fact]
        public async Task CollectWalksBreadthFirstToTheDepthAskedAndReadSkipsWhatIsGone()
        {
            await Client.CreateRecursiveAsync(P("b/y"), null);
            await Client.CreateRecursiveAsync(P("a/x"), null);
            List<string> all = await ZNodeTree.CollectAsync(Client, Root, -1, CancellationToken.None);
            Assert.Equal(new[] { Root, P("a"), P("b"), P("a/x"), P("b/y") }, all);
            Assert.Equal(3, (await ZNodeTree.CollectAsync(Client, Root, 1, CancellationToken.None)).Count);
            Assert.Single(await ZNodeTree.CollectAsync(Client, Root, 0, CancellationToken.None));
            NodeData?[] read = await ZNodeTree.ReadAsync(Client, all.Concat(new[] { P("gone") }).ToList(), CancellationToken.None);
            Assert.All(read.Take(5), node => Assert.NotNull(node));
            Assert.Null(read[5]);
            await Assert.ThrowsAsync<NoNodeException>(() => ZNodeTree.CollectAsync(Client, P("gone"), -1, CancellationToken.None));
            Assert.Equal(new[] { 500, 500, 1 }, ZNodeTree.Batches<int>(Enumerable.Range(0, 1001).ToArray()).Select(b => b.Count));
        }

        [Fact]
        public async Task DeleteRecursiveRemovesTheSubtreeAndCountsWhatThisCallDeleted()
        {
            await Client.CreateRecursiveAsync(P("t/y/z"), null);
            await Client.CreateRecursiveAsync(P("t/y/w"), null);
            await Client.CreateRecursiveAsync(P("t/v"), null);
            Assert.Equal(5, await Client.DeleteRecursiveAsync(P("t")));
            Assert.Null(await Client.ExistsAsync(P("t")));
            Assert.Equal(0, await Client.DeleteRecursiveAsync(P("t")));
        }

        [Fact]
        public async Task DeleteBatchCountsOnlyTheNodesItDeleted()
        {
            await Client.CreateRecursiveAsync(P("p/c"), null);
            // The parent first: NotEmpty; then the child; then one that is not there.
            Assert.Equal(1, await ZNodeTree.DeleteBatchAsync(Client, new[] { P("p"), P("p/c"), P("none") }));
            Assert.NotNull(await Client.ExistsAsync(P("p")));
        }

        private static string ModeOf(Stat? stat) => stat!.EphemeralOwner == 0 ? CreateMode.Persistent.ToString() : "ephemeral";
    }
}
