using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// What every farm participant needs: where ZooKeeper is and how to reach it (TLS), the farm's
    /// root, who this participant is (a digest credential, or the TLS client certificate's x509
    /// identity), and for masters and workers the rest of the trust model (<see cref="FarmSecurity"/>).
    /// With neither a credential nor a client certificate the farm is <see cref="FarmSecurity.Open"/>.
    /// </summary>
    public sealed class FarmOptions
    {
        /// <summary>The pause between connect attempts while no server answers: 200 ms doubling to 5 s, jittered.</summary>
        private static readonly RetryPolicy ConnectBackoff = new RetryPolicy(int.MaxValue, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

        /// <summary>Creates options for the farm at <paramref name="paths"/> on <paramref name="connectString"/>.</summary>
        public FarmOptions(string connectString, FarmPaths? paths = null)
        {
            ConnectString = connectString ?? throw new ArgumentNullException(nameof(connectString));
            Paths = paths ?? new FarmPaths();
        }

        /// <summary>The ZooKeeper connect string.</summary>
        public string ConnectString { get; }

        /// <summary>The znode schema.</summary>
        public FarmPaths Paths { get; }

        /// <summary>The digest credential this participant authenticates with; null for none.</summary>
        public FarmCredential? Credential { get; set; }

        /// <summary>TLS to the servers' secure port; with a client certificate and no <see cref="Credential"/>, the certificate is the identity (x509).</summary>
        public ZooKeeperTlsOptions? Tls { get; set; }

        /// <summary>Masters and workers: the submit-only identities the farm grants (digest or x509 ids).</summary>
        public IReadOnlyList<Id> Submitters { get; set; } = Array.Empty<Id>();

        /// <summary>Masters and workers: let everyone read every farm node. Off by default: task inputs and outputs may hold secrets.</summary>
        public bool WorldRead { get; set; }

        /// <summary>Session timeout: how long a dead master or worker takes to be noticed. Default 10 s.</summary>
        public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// The most bytes of result items a worker keeps per attempt (stored in chunks); items past
        /// it are left out and the task's record says so. Default 8 MiB.
        /// </summary>
        public long MaxResultBytes { get; set; } = 8L * 1024 * 1024;

        /// <summary>
        /// The farm's default delay before a failed task's first retry (a task may set its own,
        /// <see cref="TaskSpec.RetryDelaySeconds"/>); each further retry waits twice as long, up to
        /// <see cref="MaxRetryDelay"/>, with jitter. Used by whoever re-queues: workers (a failed
        /// attempt) and masters (a lost worker's task). Default 1 s.
        /// </summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>The farm's default longest delay between attempts. Default 5 minutes.</summary>
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>Masters: how long and how many finished tasks (and their results) are kept. Default 7 days, 10,000 tasks.</summary>
        public TaskRetention Retention { get; set; } = new TaskRetention();

        /// <summary>Receives one line per notable event (assignments, recoveries, results).</summary>
        public Action<string>? Log { get; set; }

        /// <summary>True when the participant has an identity (credential or client certificate), so the farm is secured.</summary>
        public bool IsSecured => Credential != null || Tls?.ClientCertificate != null;

        internal void Write(string line) => Log?.Invoke(line);

        /// <summary>
        /// Connects as a master or worker, resolves the trust model, makes sure the farm's folders
        /// exist with the model's ACLs and that no farm node is weaker; retries while no server answers.
        /// </summary>
        /// <exception cref="FarmSecurityException">A farm node is weaker than the model and is not repaired.</exception>
        internal async Task<FarmSession> ConnectAsync(CancellationToken cancellationToken)
        {
            for (int attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ZooKeeperClient? client = null;
                try
                {
                    client = await OpenAsync(cancellationToken).ConfigureAwait(false);
                    FarmSecurity security = await ModelAsync(client).ConfigureAwait(false);
                    await FarmAcl.EnsureAsync(client, Paths, security, Write).ConfigureAwait(false);
                    return new FarmSession(client, security);
                }
                catch (ZooKeeperException ex) when (ex.IsTransient || ex is SessionExpiredException)
                {
                    client?.Dispose();
                    Write($"cannot reach ZooKeeper at {ConnectString} yet (attempt {attempt}): {ex.Message}");
                    await ConnectBackoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    client?.Dispose();
                    throw;
                }
            }
        }

        /// <summary>The model a master or worker enforces: its own identity as the farm's, the configured submitters and world read.</summary>
        internal async Task<FarmSecurity> ModelAsync(ZooKeeperClient client) => IsSecured
            ? FarmSecurity.Secured(new[] { await FarmIdentity.OfAsync(client, Credential).ConfigureAwait(false) }, Submitters, WorldRead)
            : FarmSecurity.Open;

        /// <summary>Opens a session as this participant: over TLS when chosen, authenticated with the credential when given.</summary>
        public async Task<ZooKeeperClient> OpenAsync(CancellationToken cancellationToken)
        {
            var options = new ZooKeeperClientOptions { SessionTimeout = SessionTimeout, Tls = Tls };
            ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(ConnectString, options, cancellationToken).ConfigureAwait(false);
            try
            {
                if (Credential != null)
                {
                    await client.AddDigestAuthAsync(Credential.User, Credential.Password).ConfigureAwait(false);
                }
                return client;
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }
    }
}
