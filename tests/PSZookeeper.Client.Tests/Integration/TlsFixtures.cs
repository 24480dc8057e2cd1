using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    /// <summary>
    /// A standalone server that also listens on a TLS secureClientPort and requires client
    /// certificates (ssl.clientAuth=need, ZooKeeper's default).
    /// </summary>
    public sealed class TlsServerFixture : StandaloneServerFixture
    {
        /// <summary>The certificates the server uses (CA, server, client).</summary>
        public TlsTestCertificates Certificates => Server.TlsCertificates!;

        public string SecureConnectString => Server.SecureConnectString;

        protected override void Configure(ZooKeeperServerOptions options)
        {
            options.Tls = new TlsServerOptions { ClientAuth = TlsClientAuth.Need };
        }
    }

    [CollectionDefinition("tls")]
    public sealed class TlsCollection : ICollectionFixture<TlsServerFixture>
    {
    }

    /// <summary>Client-side helpers shared by the TLS tests.</summary>
    internal static class TlsClients
    {
        /// <summary>
        /// How long a refused connection keeps retrying before the test reads why. The client retries
        /// until its connect timeout and then reports the last handshake's error, so this must cover
        /// at least one whole handshake on a loaded 2-core machine (3 s did not, with the JVM busy).
        /// </summary>
        public static readonly TimeSpan FailFast = TimeSpan.FromSeconds(10);

        /// <summary>
        /// A connect timeout longer than any test waits: a server refusing TLS (an untrusted
        /// certificate, a name mismatch, a refused client certificate) must end the connect by itself.
        /// </summary>
        public static readonly TimeSpan LongerThanTheTestWaits = TimeSpan.FromMinutes(5);

        /// <summary>Options that trust the given certificates' CA and present their client certificate.</summary>
        public static ZooKeeperClientOptions Trusting(TlsTestCertificates certificates, bool presentClientCertificate = true,
            TimeSpan? connectTimeout = null) => new ZooKeeperClientOptions
        {
            ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(15),
            Tls = new ZooKeeperTlsOptions
            {
                TrustedCertificateAuthorities = certificates.TrustedAuthorities,
                ClientCertificate = presentClientCertificate ? certificates.ClientCertificate : null,
            },
        };
    }

    /// <summary>Disposes clients and servers a test made itself.</summary>
    public abstract class TlsTestBase : IAsyncLifetime
    {
        private readonly List<ZooKeeperClient> _clients = new List<ZooKeeperClient>();
        private readonly List<ZooKeeperServer> _servers = new List<ZooKeeperServer>();

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            foreach (ZooKeeperClient client in _clients)
            {
                client.Dispose();
            }
            foreach (ZooKeeperServer server in _servers)
            {
                await server.DisposeAsync();
            }
        }

        protected async Task<ZooKeeperClient> ConnectAsync(string connectString, ZooKeeperClientOptions options)
        {
            ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(connectString, options).Within(what: "connect");
            _clients.Add(client);
            return client;
        }

        /// <summary>Starts a TLS server of the test's own (for client-auth modes other than the shared fixture's).</summary>
        protected async Task<ZooKeeperServer> StartTlsServerAsync(TlsClientAuth clientAuth)
        {
            var server = new ZooKeeperServer(new ZooKeeperServerOptions { Tls = new TlsServerOptions { ClientAuth = clientAuth } });
            _servers.Add(server);
            await server.StartAsync();
            return server;
        }
    }
}
