using System;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;
using PSZookeeper.Recipes.Caching;
using PSZookeeper.TestServers;
using Xunit;
using Xunit.Abstractions;

namespace PSZookeeper.Recipes.Tests
{
    [Collection("recipes-ensemble")]
    public sealed class CacheFailoverTests : RecipeTestBase
    {
        private static readonly RetryPolicy Retry = new RetryPolicy(40, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        private readonly EnsembleFixture _fixture;
        private readonly ITestOutputHelper _output;

        public CacheFailoverTests(EnsembleFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        protected override string ConnectString => _fixture.ConnectString;

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await _fixture.Ensemble.RestoreAsync();
        }

        private static async Task Retried(Func<Task> operation)
        {
            bool retried = false;
            try
            {
                await Retry.ExecuteAsync(async _ =>
                {
                    try
                    {
                        await operation();
                    }
                    catch (ZooKeeperException ex) when (ex.IsTransient)
                    {
                        retried = true;
                        throw;
                    }
                });
            }
            catch (Exception ex) when (retried && (ex is NodeExistsException || ex is NoNodeException))
            {
                // The attempt whose reply was lost had done it.
            }
        }

        private static string? Differs(string what, string cached, string server) =>
            cached == server ? null : $"{what}: cached {cached}, server {server}";

        /// <summary>
        /// Four caches of one session, two of them on the same root with different watch kinds (the
        /// case ZOOKEEPER-4466 broke), follow the changes made while their server restarts.
        /// </summary>
        [Fact]
        public async Task CachesConvergeAfterTheirServerRestarts()
        {
            string root = P("tree");
            await Client.CreateAsync(root, Bytes("root"));
            for (int i = 0; i < 5; i++)
            {
                await Client.CreateAsync($"{root}/n{i}", Bytes($"v{i}"));
                await Client.CreateAsync($"{root}/n{i}/leaf", Bytes("leaf"));
            }
            ZooKeeperClient cached = await ConnectAsync(TimeSpan.FromSeconds(10));
            await using var tree = new TreeCache(cached, root);
            await using var oneShotTree = new TreeCache(cached, root, new TreeCacheOptions { UseOneShotWatches = true });
            await using var children = new ChildrenCache(cached, root);
            await using var node = new NodeCache(cached, root + "/n0");
            var pulse = new Pulse();
            var reconnected = new Pulse();
            int reconnects = 0;
            foreach (ZNodeCache cache in new ZNodeCache[] { tree, oneShotTree, children, node })
            {
                cache.Changed += (_, _) => pulse.Fire();
                cache.ConnectionStateChanged += (_, e) =>
                {
                    if (e.State == ConnectionState.Reconnected)
                    {
                        System.Threading.Interlocked.Increment(ref reconnects);
                        reconnected.Fire();
                    }
                };
                await cache.StartAsync().Within();
            }

            // Restart the server the caches' session is on; write through the other members meanwhile.
            int port = int.Parse(cached.ConnectedServer!.Split(':')[1]);
            ZooKeeperServer connected = _fixture.Ensemble.FindServerByPort(port)!;
            string others = string.Join(",", _fixture.Ensemble.Servers.Where(s => s != connected).Select(s => s.ConnectString));
            ZooKeeperClient writer = await ConnectAsync(connectString: others);
            ServerMode role = await connected.GetModeAsync();
            Task restart = connected.RestartAsync();
            // If the restarted member led the ensemble, every member drops its clients for the
            // election: the writer retries, and a retried delete / create may find its work done.
            await Retried(() => writer.DeleteAsync(root + "/n1/leaf"));
            await Retried(() => writer.DeleteAsync(root + "/n1"));
            await Retried(() => writer.CreateAsync(root + "/n1", Bytes("re-created")));
            await Retried(() => writer.SetDataAsync(root + "/n0", Bytes("changed")));
            await Retried(() => writer.CreateAsync(root + "/n5", Bytes("new")));
            await Retried(() => writer.CreateAsync(root + "/n2/leaf2", Bytes("new leaf")));
            await Retried(() => writer.DeleteAsync(root + "/n3/leaf"));
            await restart.Within(TimeSpan.FromSeconds(60), "the server restart");
            await Wait.UntilAsync(() => System.Threading.Volatile.Read(ref reconnects) >= 4, reconnected, Wait.Long, "every cache to reconnect");

            await ConvergeAsync("after the restart");

            // Then they follow changes through the watches they re-armed on the new server (the part
            // that one session's one-shot and recursive watches on one root used to break).
            await Retried(() => writer.CreateAsync(root + "/n6", Bytes("after")));
            await Retried(() => writer.SetDataAsync(root + "/n2/leaf2", Bytes("changed")));
            await Retried(() => writer.DeleteAsync(root + "/n4/leaf"));
            await Retried(() => writer.SetDataAsync(root + "/n0", Bytes("changed again")));
            await ConvergeAsync("after changes on the new server");

            async Task ConvergeAsync(string when)
            {
                await Retried(() => writer.SyncAsync(root));
                var expected = await Retry.ExecuteAsync(_ => Trees.ReadAsync(writer, root));
                string ChildrenOf(System.Collections.Generic.IEnumerable<(string Name, string Data)> nodes) =>
                    string.Join(",", nodes.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n => $"{n.Name}={n.Data}"));
                string serverChildren = ChildrenOf(expected.Where(e => e.Key.LastIndexOf('/') == root.Length)
                    .Select(e => (e.Key.Substring(root.Length + 1), e.Value.Data)));
                await Converge.UntilSameAsync(() => Trees.Difference(tree.GetAll(), expected), pulse, Wait.Long, $"the tree cache to converge {when}");
                await Converge.UntilSameAsync(() => Trees.Difference(oneShotTree.GetAll(), expected), pulse, Wait.Long, $"the one-shot tree cache to converge {when}");
                await Converge.UntilSameAsync(() => Differs("children", ChildrenOf(children.Children.Select(c => (c.Name, Text(c.Data)))), serverChildren),
                    pulse, Wait.Long, $"the children cache to converge {when}");
                await Converge.UntilSameAsync(() => Differs("n0", Text(node.Current?.Data), expected[root + "/n0"].Data), pulse, Wait.Long, $"the node cache to converge {when}");
            }
            _output.WriteLine($"CACHES: converged after restarting {connected}, a {role} (the caches' session is now on {cached.ConnectedServer})");
        }
    }
}
