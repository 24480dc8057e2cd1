using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    /// <summary>
    /// Digest credentials and a creator-only ACL across a server restart. Uses a server of its own
    /// (restarting the shared one would disturb other tests); the collection only keeps it from
    /// competing for the CPU with the other standalone tests.
    /// </summary>
    [Collection("standalone")]
    public sealed class AuthRestartTests : IAsyncLifetime
    {
        private readonly string _password = "pw-" + Guid.NewGuid().ToString("N");
        private readonly List<ZooKeeperClient> _clients = new List<ZooKeeperClient>();
        private readonly ZooKeeperServer _server = new ZooKeeperServer();

        public Task InitializeAsync() => _server.StartAsync();

        public async Task DisposeAsync()
        {
            foreach (ZooKeeperClient client in _clients)
            {
                client.Dispose();
            }
            await _server.DisposeAsync();
        }

        [Fact]
        public async Task SessionAuthAndAclSurviveARestartAndThePasswordNeverShows()
        {
            var trace = new StringWriter();
            var listener = new TextWriterTraceListener(trace, "auth-restart-capture");
            Trace.Listeners.Add(listener);
            var seen = new List<string>();
            try
            {
                // A long session timeout: the server must be back (JVM start) before it runs out.
                var options = new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromSeconds(30) };
                ZooKeeperClient alice = await ConnectAsync(options);
                var states = new StateRecorder(alice);
                await alice.AddDigestAuthAsync("alice", _password);
                string path = Paths.Unique("secret");
                await alice.CreateAsync(path, Bytes.Of("for alice only"), Ids.CreatorAllAcl);
                long sessionId = alice.SessionId;
                seen.Add(alice.ToString());

                Task restart = _server.RestartAsync();
                await states.WaitForAsync(ConnectionChange.Disconnected, TimeSpan.FromSeconds(30));
                try
                {
                    // Issued while the server is down: it fails with a connection loss or, if the
                    // client is already back, succeeds. Either way its message must be clean.
                    await alice.GetDataAsync(path).Within();
                }
                catch (ZooKeeperException lost)
                {
                    seen.Add(lost.ToString());
                }
                await restart.Within(TimeSpan.FromSeconds(60), "the server restart");
                await states.WaitForAsync(ConnectionChange.Reconnected, TimeSpan.FromSeconds(30));

                Assert.Equal(sessionId, alice.SessionId);
                Assert.Equal(ClientState.Connected, alice.State);
                Assert.DoesNotContain(ConnectionChange.Expired, states.Seen);
                List<ConnectionChange> changes = states.Seen.ToList();
                Assert.True(changes.IndexOf(ConnectionChange.Disconnected) < changes.IndexOf(ConnectionChange.Reconnected),
                    "Disconnected must come before Reconnected: " + string.Join(", ", changes));
                seen.Add(alice.ToString());

                // The restarted server kept no credentials: reading proves the client re-sent them.
                Assert.Equal("for alice only", Bytes.Text((await alice.GetDataAsync(path)).Data));
                IReadOnlyList<ClientInfo> identities = await alice.WhoAmIAsync();
                Assert.Contains(identities, i => i.AuthScheme == "digest" && i.User == "alice");
                seen.Add(string.Join(", ", identities));

                ZooKeeperClient anonymous = await ConnectAsync();
                NoAuthException denied = await Assert.ThrowsAsync<NoAuthException>(() => anonymous.GetDataAsync(path));
                seen.Add(denied.ToString());
                seen.Add(anonymous.ToString());

                ZooKeeperClient mallory = await ConnectAsync();
                await mallory.AddDigestAuthAsync("alice", _password + "-wrong");
                NoAuthException wrong = await Assert.ThrowsAsync<NoAuthException>(() => mallory.SetDataAsync(path, null));
                seen.Add(wrong.ToString());
                seen.Add(mallory.ToString());

                // A rejected credential scheme fails the session: its messages must be clean too.
                ZooKeeperClient failing = await ConnectAsync();
                AuthFailedException failed = await Assert.ThrowsAsync<AuthFailedException>(
                    () => failing.AddAuthAsync("nosuchscheme", Bytes.Of("alice:" + _password)).Within());
                seen.Add(failed.ToString());
                seen.Add(failing.ToString());
                seen.Add(options.ToString()!);
            }
            finally
            {
                Trace.Listeners.Remove(listener);
                listener.Flush();
            }

            seen.Add(trace.ToString());
            foreach (string text in seen)
            {
                Assert.DoesNotContain(_password, text);
            }
        }

        private async Task<ZooKeeperClient> ConnectAsync(ZooKeeperClientOptions? options = null)
        {
            ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(_server.ConnectString, options).Within(what: "connect");
            _clients.Add(client);
            return client;
        }
    }
}
