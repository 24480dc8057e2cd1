using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    /// <summary>Opens clients against the shared standalone server and closes them after each test.</summary>
    public abstract class ClientTestBase : IAsyncLifetime
    {
        private readonly List<ZooKeeperClient> _clients = new List<ZooKeeperClient>();

        protected ClientTestBase(StandaloneFixture fixture) => Fixture = fixture;

        protected StandaloneFixture Fixture { get; }

        /// <summary>A root unique to this test, created by InitializeAsync.</summary>
        protected string Root { get; } = Paths.Unique();

        protected ZooKeeperClient Client { get; private set; } = null!;

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
            await Task.CompletedTask;
        }

        protected async Task<ZooKeeperClient> ConnectAsync(ZooKeeperClientOptions? options = null, string suffix = "")
        {
            ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(Fixture.ConnectString + suffix, options).Within(what: "connect");
            _clients.Add(client);
            return client;
        }

        protected string P(string relative) => Root + "/" + relative;
    }
}
