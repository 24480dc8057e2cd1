using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    [Collection("standalone")]
    public sealed class AuthAndAclTests : ClientTestBase
    {
        public AuthAndAclTests(StandaloneFixture fixture) : base(fixture)
        {
        }

        [Fact]
        public async Task CreatorAllAclShutsOutOtherSessions()
        {
            ZooKeeperClient alice = await ConnectAsync();
            await alice.AddDigestAuthAsync("alice", "secret");
            await alice.CreateAsync(P("private"), Bytes.Of("mine"), Ids.CreatorAllAcl);

            // Reading an ACL needs Read permission, so only alice may look at it.
            await Assert.ThrowsAsync<NoAuthException>(() => Client.GetAclAsync(P("private")));
            AclWithStat acl = await alice.GetAclAsync(P("private"));
            Assert.Equal(ZooKeeperClient.DigestId("alice", "secret"), acl.Acl.Single().Id);
            Assert.Equal(Permissions.All, acl.Acl.Single().Perms);

            var denied = await Assert.ThrowsAsync<NoAuthException>(() => Client.GetDataAsync(P("private")));
            Assert.Equal(P("private"), denied.Path);
            ZooKeeperClient mallory = await ConnectAsync();
            await mallory.AddDigestAuthAsync("alice", "wrong");
            await Assert.ThrowsAsync<NoAuthException>(() => mallory.SetDataAsync(P("private"), null));

            ZooKeeperClient alice2 = await ConnectAsync();
            await alice2.AddDigestAuthAsync("alice", "secret");
            Assert.Equal("mine", Bytes.Text((await alice2.GetDataAsync(P("private"))).Data));
        }

        [Fact]
        public async Task SetAclChangesWhoMayRead()
        {
            await Client.CreateAsync(P("n"), Bytes.Of("x"));
            Id bob = ZooKeeperClient.DigestId("bob", "pw");
            Stat stat = await Client.SetAclAsync(P("n"), new[] { new Acl(Permissions.Read, bob), new Acl(Permissions.Admin, Ids.AnyoneIdUnsafe) }, 0);
            Assert.Equal(1, stat.Aversion);
            await Assert.ThrowsAsync<BadVersionException>(() => Client.SetAclAsync(P("n"), Ids.OpenAclUnsafe, 0));
            await Assert.ThrowsAsync<NoAuthException>(() => Client.GetDataAsync(P("n")));

            ZooKeeperClient asBob = await ConnectAsync();
            await asBob.AddDigestAuthAsync("bob", "pw");
            Assert.Equal("x", Bytes.Text((await asBob.GetDataAsync(P("n"))).Data));
            await Assert.ThrowsAsync<NoAuthException>(() => asBob.SetDataAsync(P("n"), null));
        }

        [Fact]
        public async Task InvalidAclIsRejectedByTheServer()
        {
            await Assert.ThrowsAsync<InvalidAclException>(() =>
                Client.CreateAsync(P("bad"), null, new[] { new Acl(Permissions.All, new Id("digest", "no-hash-here")) }));
            // creator-all without any authenticated identity is invalid too.
            await Assert.ThrowsAsync<InvalidAclException>(() => Client.CreateAsync(P("bad2"), null, Ids.CreatorAllAcl));
        }

        [Fact]
        public async Task WhoAmIListsTheSessionsIdentities()
        {
            ZooKeeperClient carol = await ConnectAsync();
            await carol.AddDigestAuthAsync("carol", "pw");
            var identities = await carol.WhoAmIAsync();
            Assert.Contains(identities, i => i.AuthScheme == "ip");
            Assert.Contains(identities, i => i.AuthScheme == "digest" && i.User == "carol");
        }

        [Fact]
        public async Task UnknownAuthSchemeFailsTheSessionWithoutRetrying()
        {
            ZooKeeperClient client = await ConnectAsync();
            var states = new StateRecorder(client);
            await Assert.ThrowsAsync<AuthFailedException>(() => client.AddAuthAsync("nosuchscheme", Bytes.Of("x")).Within());
            await states.WaitForAsync(ConnectionChange.AuthFailed);
            Assert.Equal(ClientState.AuthFailed, client.State);
            await Assert.ThrowsAsync<AuthFailedException>(() => client.ExistsAsync("/"));
            Assert.DoesNotContain(ConnectionChange.Reconnected, states.Seen);
        }

        [Fact]
        public void CredentialsNeverShowInStrings()
        {
            var packet = new Protocol.AuthPacket(0, "digest", Bytes.Of("alice:topsecret"));
            Assert.DoesNotContain("topsecret", packet.ToString());
            Assert.DoesNotContain("topsecret", Client.ToString());
        }
    }
}
