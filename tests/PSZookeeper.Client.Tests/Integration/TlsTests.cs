using System;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    [Collection("tls")]
    public sealed class TlsTests : TlsTestBase
    {
        private readonly TlsServerFixture _fixture;

        public TlsTests(TlsServerFixture fixture) => _fixture = fixture;

        [Fact]
        public async Task TrustedCaAndClientCertificateGiveAWorkingSession()
        {
            ZooKeeperClient client = await ConnectAsync(_fixture.SecureConnectString, TlsClients.Trusting(_fixture.Certificates));
            Assert.Equal(ClientState.Connected, client.State);
            Assert.Equal(_fixture.SecureConnectString, client.ConnectedServer);

            string root = Paths.Unique("tls");
            await client.CreateAsync(root, Bytes.Of("over tls"));
            Assert.Equal("over tls", Bytes.Text((await client.GetDataAsync(root)).Data));

            // Watches over TLS, triggered by a second TLS session.
            var events = new EventRecorder();
            await client.GetDataAsync(root, events.Callback);
            var children = new EventRecorder();
            await client.GetChildrenAsync(root, children.Callback);
            ZooKeeperClient other = await ConnectAsync(_fixture.SecureConnectString, TlsClients.Trusting(_fixture.Certificates));
            await other.SetDataAsync(root, Bytes.Of("changed"));
            await other.CreateAsync(root + "/kid", new byte[100_000]);
            WatchedEvent changed = await events.NextAsync();
            Assert.Equal(EventType.NodeDataChanged, changed.Type);
            Assert.Equal(root, changed.Path);
            Assert.Equal(EventType.NodeChildrenChanged, (await children.NextAsync()).Type);

            // Larger than one TLS record (16 KiB) both ways, and a few pipelined requests.
            Assert.Equal(100_000, (await client.GetDataAsync(root + "/kid")).Data!.Length);
            var reads = new Task<NodeData>[20];
            for (int i = 0; i < reads.Length; i++)
            {
                reads[i] = client.GetDataAsync(root);
            }
            foreach (NodeData data in await Task.WhenAll(reads).Within())
            {
                Assert.Equal("changed", Bytes.Text(data.Data));
            }
        }

        [Fact]
        public async Task TargetHostMayBeTheDnsNameInTheCertificate()
        {
            ZooKeeperClientOptions options = TlsClients.Trusting(_fixture.Certificates);
            options.Tls!.TargetHost = "localhost";
            ZooKeeperClient client = await ConnectAsync(_fixture.SecureConnectString, options);
            Assert.NotNull(await client.ExistsAsync("/"));
        }

        [Fact]
        public async Task WrongCaFailsClosedAndSaysWhy()
        {
            TlsTestCertificates stranger = TlsTestCertificates.Create("Stranger CA");
            ZooKeeperClientOptions options = TlsClients.Trusting(_fixture.Certificates, connectTimeout: TlsClients.LongerThanTheTestWaits);
            options.Tls!.TrustedCertificateAuthorities = stranger.TrustedAuthorities;

            ConnectionLossException ex = await RefusedAsync(_fixture.SecureConnectString, options);
            Assert.Contains("not signed by a trusted CA", ex.Message);
            Assert.Contains("Stranger CA", ex.Message);
            Assert.IsType<AuthenticationException>(ex.InnerException);
        }

        [Fact]
        public async Task SystemTrustStoreDoesNotTrustATestCa()
        {
            ZooKeeperClientOptions options = TlsClients.Trusting(_fixture.Certificates, connectTimeout: TlsClients.LongerThanTheTestWaits);
            options.Tls!.TrustedCertificateAuthorities = null;

            ConnectionLossException ex = await RefusedAsync(_fixture.SecureConnectString, options);
            Assert.Contains("not signed by a trusted CA", ex.Message);
            Assert.IsType<AuthenticationException>(ex.InnerException);
        }

        [Fact]
        public async Task WrongTargetHostFailsWithNameMismatch()
        {
            ZooKeeperClientOptions options = TlsClients.Trusting(_fixture.Certificates, connectTimeout: TlsClients.LongerThanTheTestWaits);
            options.Tls!.TargetHost = "zookeeper.example.com";

            ConnectionLossException ex = await RefusedAsync(_fixture.SecureConnectString, options);
            Assert.Contains("name mismatch", ex.Message);
            Assert.Contains("zookeeper.example.com", ex.Message);
            Assert.DoesNotContain("not signed by a trusted CA", ex.Message);
            Assert.IsType<AuthenticationException>(ex.InnerException);
        }

        [Fact]
        public async Task WithoutTheNameCheckATrustedCertificateOfAnotherNameIsAccepted()
        {
            ZooKeeperClientOptions options = TlsClients.Trusting(_fixture.Certificates);
            options.Tls!.TargetHost = "zookeeper.example.com";
            options.Tls.CheckHostName = false;

            ZooKeeperClient client = await ConnectAsync(_fixture.SecureConnectString, options);
            Assert.NotNull(await client.ExistsAsync("/"));
            Assert.Contains("host name NOT checked", options.Tls.ToString());
        }

        [Fact]
        public async Task ServerThatNeedsAClientCertificateRefusesAClientWithout()
        {
            ZooKeeperClientOptions options = TlsClients.Trusting(_fixture.Certificates, presentClientCertificate: false,
                connectTimeout: TlsClients.LongerThanTheTestWaits);

            ConnectionLossException ex = await RefusedAsync(_fixture.SecureConnectString, options);
            Assert.True(ex.Message.Contains("client certificate"), ex.ToString());
        }

        [Fact]
        public async Task ServerRefusesAClientCertificateFromAnotherCa()
        {
            TlsTestCertificates stranger = TlsTestCertificates.Create("Stranger CA");
            ZooKeeperClientOptions options = TlsClients.Trusting(_fixture.Certificates, connectTimeout: TlsClients.LongerThanTheTestWaits);
            options.Tls!.ClientCertificate = stranger.ClientCertificate;

            ConnectionLossException ex = await RefusedAsync(_fixture.SecureConnectString, options);
            Assert.True(ex.Message.Contains("client certificate"), ex.ToString());
        }

        [Fact]
        public async Task PlainClientAtTheSecurePortFailsWithoutHanging()
        {
            var options = new ZooKeeperClientOptions { ConnectTimeout = TlsClients.FailFast };
            await RefusedAsync(_fixture.SecureConnectString, options);
        }

        [Fact]
        public async Task TlsClientAtThePlainPortFailsWithoutHanging()
        {
            ZooKeeperClientOptions options = TlsClients.Trusting(_fixture.Certificates, connectTimeout: TlsClients.FailFast);
            await RefusedAsync(_fixture.Server.ConnectString, options);
        }

        [Fact]
        public async Task ServerThatWantsAClientCertificateTakesEitherButNotAForeignOne()
        {
            ZooKeeperServer server = await StartTlsServerAsync(TlsClientAuth.Want);
            TlsTestCertificates certificates = server.TlsCertificates!;

            ZooKeeperClient anonymous = await ConnectAsync(server.SecureConnectString, TlsClients.Trusting(certificates, presentClientCertificate: false));
            ZooKeeperClient identified = await ConnectAsync(server.SecureConnectString, TlsClients.Trusting(certificates));
            string path = Paths.Unique("want");
            await anonymous.CreateAsync(path, Bytes.Of("a"));
            Assert.Equal("a", Bytes.Text((await identified.GetDataAsync(path)).Data));

            // 'want' still verifies a certificate that is sent.
            ZooKeeperClientOptions foreign = TlsClients.Trusting(certificates, connectTimeout: TlsClients.LongerThanTheTestWaits);
            foreign.Tls!.ClientCertificate = TlsTestCertificates.Create("Stranger CA").ClientCertificate;
            await RefusedAsync(server.SecureConnectString, foreign);
        }

        [Fact]
        public async Task ARefusalFromSomeServersIsNotARefusalFromAll()
        {
            // The other server's certificates come from a CA this client does not trust.
            ZooKeeperServer untrusted = await StartTlsServerAsync(TlsClientAuth.Need);
            string both = untrusted.SecureConnectString + "," + _fixture.SecureConnectString;

            // Hosts are tried in a shuffled order: several clients make the refusing one come first.
            for (int i = 0; i < 3; i++)
            {
                ZooKeeperClient client = await ConnectAsync(both,
                    TlsClients.Trusting(_fixture.Certificates, connectTimeout: TlsClients.LongerThanTheTestWaits));
                Assert.Equal(_fixture.SecureConnectString, client.ConnectedServer);
            }
        }

        [Fact]
        public async Task ServerWithoutClientAuthNeedsNoClientCertificateButStillAVerifiedServer()
        {
            ZooKeeperServer server = await StartTlsServerAsync(TlsClientAuth.None);
            TlsTestCertificates certificates = server.TlsCertificates!;

            ZooKeeperClient client = await ConnectAsync(server.SecureConnectString, TlsClients.Trusting(certificates, presentClientCertificate: false));
            Assert.NotNull(await client.ExistsAsync("/"));

            ZooKeeperClientOptions wrongCa = TlsClients.Trusting(certificates, presentClientCertificate: false, connectTimeout: TlsClients.LongerThanTheTestWaits);
            wrongCa.Tls!.TrustedCertificateAuthorities = TlsTestCertificates.Create("Stranger CA").TrustedAuthorities;
            ConnectionLossException ex = await RefusedAsync(server.SecureConnectString, wrongCa);
            Assert.Contains("not signed by a trusted CA", ex.Message);
        }

        [Fact]
        public async Task BadTlsOptionsAreRejectedBeforeConnecting()
        {
            var empty = new ZooKeeperClientOptions { Tls = new ZooKeeperTlsOptions { TrustedCertificateAuthorities = new X509Certificate2Collection() } };
            await Assert.ThrowsAsync<ArgumentException>(() => ZooKeeperClient.ConnectAsync(_fixture.SecureConnectString, empty));

            var publicOnly = X509CertificateLoader.LoadCertificate(_fixture.Certificates.ClientCertificate.RawData);
            var noKey = new ZooKeeperClientOptions { Tls = new ZooKeeperTlsOptions { ClientCertificate = publicOnly } };
            await Assert.ThrowsAsync<ArgumentException>(() => ZooKeeperClient.ConnectAsync(_fixture.SecureConnectString, noKey));

            var blankHost = new ZooKeeperClientOptions { Tls = new ZooKeeperTlsOptions { TargetHost = " " } };
            await Assert.ThrowsAsync<ArgumentException>(() => ZooKeeperClient.ConnectAsync(_fixture.SecureConnectString, blankHost));
        }

        /// <summary>
        /// Asserts a connect fails with ConnectionLoss rather than hanging: ConnectAsync gives up at
        /// once when every server refused TLS, else by its own connect timeout; the wait here is only a
        /// liveness bound, not a measure of speed.
        /// </summary>
        private static Task<ConnectionLossException> RefusedAsync(string connectString, ZooKeeperClientOptions options) =>
            Assert.ThrowsAsync<ConnectionLossException>(
                () => ZooKeeperClient.ConnectAsync(connectString, options).Within(TimeSpan.FromSeconds(30), "a refused connect"));
    }
}
