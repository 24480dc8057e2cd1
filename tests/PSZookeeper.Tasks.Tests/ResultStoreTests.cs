using System;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Framework;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>Result items in bounded chunks: whole when they fit, cut at the limit with a record of it.</summary>
    [Collection("farm-standalone")]
    public sealed class ResultStoreTests
    {
        private readonly StandaloneServerFixture _server;

        public ResultStoreTests(StandaloneServerFixture server) => _server = server;

        [Fact]
        public async Task ItemsComeBackWholeAcrossChunksAndEachAttemptKeepsItsOwn()
        {
            using ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
            var paths = new FarmPaths($"/results-{Guid.NewGuid():N}");
            await client.CreateRecursiveAsync(paths.Results, null);
            string[] items = { new string('a', 700_000), "small", new string('b', 600_000) };

            TaskResultSummary first = await TaskResultStore.WriteAsync(client, paths, "task-1", 1, items, long.MaxValue, Ids.OpenAclUnsafe);
            TaskResultSummary second = await TaskResultStore.WriteAsync(client, paths, "task-1", 2, new[] { "late" }, long.MaxValue, Ids.OpenAclUnsafe);

            Assert.False(first.Truncated);
            Assert.Equal(3, first.Chunks);
            Assert.Equal(items, await TaskResultStore.ReadAsync(client, paths, "task-1", new TaskStatusRecord { Attempt = 1, Result = first }));
            Assert.Equal(new[] { "late" }, await TaskResultStore.ReadAsync(client, paths, "task-1", new TaskStatusRecord { Attempt = 2, Result = second }));
            foreach (string chunk in await client.GetChildrenAsync(paths.TaskResults("task-1")))
            {
                Assert.True((await client.ExistsAsync(paths.TaskResults("task-1") + "/" + chunk))!.DataLength <= TaskResultStore.ChunkBytes);
            }

            await TaskResultStore.DeleteAttemptAsync(client, paths, "task-1", 2);
            Assert.All(await client.GetChildrenAsync(paths.TaskResults("task-1")), name => Assert.StartsWith("a1-", name));
            await client.DeleteRecursiveAsync(paths.Root);
        }

        [Fact]
        public async Task ALimitKeepsWholeItemsAndSaysHowMuch()
        {
            using ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
            var paths = new FarmPaths($"/results-{Guid.NewGuid():N}");
            await client.CreateRecursiveAsync(paths.Results, null);
            string[] items = Enumerable.Range(0, 10).Select(i => new string((char)('0' + i), 100_000)).ToArray();

            TaskResultSummary summary = await TaskResultStore.WriteAsync(client, paths, "task-2", 1, items, 350_000, Ids.OpenAclUnsafe);

            Assert.True(summary.Truncated);
            Assert.Equal(10, summary.Items);
            Assert.Equal(3, summary.ItemsKept);
            Assert.Equal(3 * 100_004, summary.BytesKept);
            Assert.Equal(10 * 100_004, summary.Bytes);
            Assert.Equal(items.Take(3), await TaskResultStore.ReadAsync(client, paths, "task-2", new TaskStatusRecord { Attempt = 1, Result = summary }));
            await client.DeleteRecursiveAsync(paths.Root);
        }
    }
}
