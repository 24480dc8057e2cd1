using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Framework.Tests
{
    /// <summary>One standalone server shared by the framework tests.</summary>
    [CollectionDefinition("framework-standalone")]
    public sealed class FrameworkStandaloneCollection : ICollectionFixture<StandaloneServerFixture>
    {
    }

    /// <summary>Opens clients (directly or behind a proxy) under a root unique to the test, and closes them afterwards.</summary>
    [Collection("framework-standalone")]
    public abstract class FrameworkTestBase : IAsyncLifetime
    {
        private readonly List<IDisposable> _clients = new List<IDisposable>();
        private readonly List<TcpProxy> _proxies = new List<TcpProxy>();

        protected FrameworkTestBase(StandaloneServerFixture fixture) => Fixture = fixture;

        protected StandaloneServerFixture Fixture { get; }

        protected string Root { get; } = "/fw-" + Guid.NewGuid().ToString("N").Substring(0, 12);

        protected ZooKeeperClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Client = await ConnectAsync();
            await Client.CreateAsync(Root, null);
        }

        public async Task DisposeAsync()
        {
            foreach (IDisposable client in _clients)
            {
                client.Dispose();
            }
            foreach (TcpProxy proxy in _proxies)
            {
                await proxy.DisposeAsync();
            }
        }

        protected string P(string relative) => Root + "/" + relative;

        protected async Task<ZooKeeperClient> ConnectAsync(string? connectString = null)
        {
            ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(connectString ?? Fixture.ConnectString,
                new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromSeconds(10) }).Within("connect");
            lock (_clients)
            {
                _clients.Add(client);
            }
            return client;
        }

        /// <summary>A proxy to the server (Block() suspends the connections through it), closed after the test.</summary>
        protected TcpProxy NewProxy()
        {
            var proxy = new TcpProxy(Fixture.Server.Port);
            lock (_proxies)
            {
                _proxies.Add(proxy);
            }
            return proxy;
        }

        /// <summary>Completes when the monitor next reports <paramref name="state"/> (or already is in it).</summary>
        protected static async Task ReachAsync(ConnectionMonitor monitor, ConnectionState state)
        {
            while (true)
            {
                var (now, next) = monitor.Snapshot();
                if (now == state)
                {
                    return;
                }
                await next.Within($"the connection to become {state}");
            }
        }
    }

    /// <summary>Bounded waits: a condition that never comes fails the test instead of hanging it.</summary>
    internal static class Bounded
    {
        public static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

        public static async Task<T> Within<T>(this Task<T> task, string what)
        {
            if (await Task.WhenAny(task, Task.Delay(Long)) != task)
            {
                throw new TimeoutException($"Timed out after {Long.TotalSeconds:0} s waiting for {what}.");
            }
            return await task;
        }
    }
}
