using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>A server with a TLS port that requires client certificates; its plain port stays open too.</summary>
    public sealed class FarmTlsServerFixture : StandaloneServerFixture
    {
        public TlsTestCertificates Certificates => Server.TlsCertificates!;

        protected override void Configure(ZooKeeperServerOptions options) =>
            options.Tls = new TlsServerOptions { ClientAuth = TlsClientAuth.Need };
    }

    [CollectionDefinition("farm-tls")]
    public sealed class FarmTlsCollection : ICollectionFixture<FarmTlsServerFixture>
    {
    }

    /// <summary>A farm secured by certificates alone: x509 identities, no password anywhere.</summary>
    [Collection("farm-tls")]
    public sealed class FarmTlsTests
    {
        private readonly FarmTlsServerFixture _server;

        public FarmTlsTests(FarmTlsServerFixture server) => _server = server;

        private ZooKeeperTlsOptions Tls(X509Certificate2 certificate) => new()
        {
            TrustedCertificateAuthorities = _server.Certificates.TrustedAuthorities,
            ClientCertificate = certificate,
        };

        [Fact]
        public async Task CertificateFarmRunsATaskEndToEndAndRefusesOtherCertificates()
        {
            X509Certificate2 farmCertificate = _server.Certificates.IssueClientCertificate("CN=pszk-farm");
            X509Certificate2 aliceCertificate = _server.Certificates.IssueClientCertificate("CN=alice");
            X509Certificate2 malloryCertificate = _server.Certificates.IssueClientCertificate("CN=mallory");
            await using var farm = new InProcessFarm(_server.Server.SecureConnectString);
            farm.Options.Tls = Tls(farmCertificate);
            farm.Options.Submitters = new[] { new Id("x509", "CN=alice") };
            farm.StartMaster("m1");
            await farm.LogLineAsync("master m1: active");
            var executor = new ScriptedExecutor();
            farm.StartWorker("w1", executor);

            var aliceOptions = new FarmOptions(_server.Server.SecureConnectString, farm.Options.Paths) { Tls = Tls(aliceCertificate) };
            using ZooKeeperClient aliceClient = await aliceOptions.OpenAsync(default);
            var alice = new TaskSubmitter(aliceClient, aliceOptions);
            string id = await alice.SubmitAsync(new TaskSpec { Command = "echo:over tls" });
            TaskStatusRecord status = await alice.WaitAsync(id, Bounded.Long);
            Assert.Equal(TaskState.Succeeded, status.State);
            Assert.Equal("over tls", status.Output);

            using ZooKeeperClient admin = await ZooKeeperClient.ConnectAsync(_server.Server.SecureConnectString,
                new ZooKeeperClientOptions { Tls = Tls(farmCertificate) });
            FarmPaths paths = farm.Options.Paths;
            Assert.Equal<Acl>(new[] { new Acl(Permissions.All, new Id("x509", "CN=pszk-farm")), new Acl(Permissions.Read, new Id("x509", "CN=alice")) },
                (await admin.GetAclAsync(paths.Root)).Acl);
            Assert.Equal<Acl>(new[] { new Acl(Permissions.All, new Id("x509", "CN=pszk-farm")), new Acl(Permissions.Create | Permissions.Read | Permissions.Delete, new Id("x509", "CN=alice")) },
                (await admin.GetAclAsync(paths.Tasks)).Acl);
            // The master may assign the task before an admin could read it in tasks/: its status
            // keeps who submitted it.
            string queued = await alice.SubmitAsync(new TaskSpec { Command = "echo:audit" });
            await alice.WaitAsync(queued, Bounded.Long);
            Assert.Equal("x509:CN=alice", FarmJson.Read<TaskStatusRecord>((await admin.GetDataAsync(paths.TaskStatus(queued))).Data, queued).SubmittedBy);

            // Another certificate from the same CA, and a plain unauthenticated client, get nothing.
            byte[] payload = FarmJson.Write(new TaskSpec { Command = "echo:INJECTED" });
            using ZooKeeperClient mallory = await ZooKeeperClient.ConnectAsync(_server.Server.SecureConnectString,
                new ZooKeeperClientOptions { Tls = Tls(malloryCertificate) });
            using ZooKeeperClient plain = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
            foreach (ZooKeeperClient attacker in new[] { mallory, plain })
            {
                await Assert.ThrowsAsync<NoAuthException>(() => attacker.CreateAsync(paths.Assignment("w1", "task-9999999999"), payload));
                await Assert.ThrowsAsync<NoAuthException>(() => attacker.CreateAsync(paths.Tasks + "/task-", payload, null, CreateMode.PersistentSequential));
                await Assert.ThrowsAsync<NoAuthException>(() => attacker.SetAclAsync(paths.Root, Ids.OpenAclUnsafe));
            }
            var malloryOptions = new FarmOptions(_server.Server.SecureConnectString, paths) { Tls = Tls(malloryCertificate) };
            FarmSecurityException refused = await Assert.ThrowsAsync<FarmSecurityException>(() => new TaskSubmitter(mallory, malloryOptions).SubmitAsync(new TaskSpec { Command = "echo:x" }));
            Assert.Equal(paths.Root, refused.Path);
            Assert.DoesNotContain("INJECTED", executor.Commands);
            Assert.Equal(2, executor.Commands.Count);
        }
    }
}
