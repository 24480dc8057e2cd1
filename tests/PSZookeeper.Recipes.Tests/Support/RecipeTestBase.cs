using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Recipes.Tests
{
    /// <summary>Opens clients for a test, gives it a unique root, and closes every client afterwards.</summary>
    public abstract class RecipeTestBase : IAsyncLifetime
    {
        private readonly List<ZooKeeperClient> _clients = new List<ZooKeeperClient>();
        private readonly List<TcpProxy> _proxies = new List<TcpProxy>();

        /// <summary>A root unique to this test.</summary>
        protected string Root { get; } = "/r-" + Guid.NewGuid().ToString("N").Substring(0, 12);

        /// <summary>The test's main client.</summary>
        protected ZooKeeperClient Client { get; private set; } = null!;

        protected abstract string ConnectString { get; }

        public virtual async Task InitializeAsync()
        {
            Client = await ConnectAsync();
            await Client.CreateAsync(Root, null);
        }

        public virtual async Task DisposeAsync()
        {
            foreach (ZooKeeperClient client in _clients)
            {
                client.Dispose();
            }
            foreach (TcpProxy proxy in _proxies)
            {
                await proxy.DisposeAsync();
            }
        }

        /// <summary>A client behind its own proxy to <paramref name="serverPort"/>, whose session <see cref="Sessions.ExpireAsync"/> can end.</summary>
        protected async Task<Victim> ConnectVictimAsync(int serverPort, TimeSpan? sessionTimeout = null)
        {
            var proxy = new TcpProxy(serverPort);
            lock (_proxies)
            {
                _proxies.Add(proxy);
            }
            return new Victim(await ConnectAsync(sessionTimeout, proxy.ConnectString), proxy);
        }

        protected async Task<ZooKeeperClient> ConnectAsync(TimeSpan? sessionTimeout = null, string? connectString = null)
        {
            ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(connectString ?? ConnectString, new ZooKeeperClientOptions
            {
                SessionTimeout = sessionTimeout ?? TimeSpan.FromSeconds(10),
            }).Within(what: "connect");
            lock (_clients)
            {
                _clients.Add(client);
            }
            return client;
        }

        protected string P(string relative) => Root + "/" + relative;

        protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

        protected static string Text(byte[]? data) => data == null ? "<null>" : Encoding.UTF8.GetString(data);
    }
}
