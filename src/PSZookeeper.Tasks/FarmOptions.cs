using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Tasks
{
    /// <summary>What every farm participant needs: where ZooKeeper is, the farm's root, and who may submit.</summary>
    public sealed class FarmOptions
    {
        /// <summary>Creates options for the farm at <paramref name="paths"/> on <paramref name="connectString"/>.</summary>
        public FarmOptions(string connectString, FarmPaths? paths = null, FarmSecurity? security = null)
        {
            ConnectString = connectString ?? throw new ArgumentNullException(nameof(connectString));
            Paths = paths ?? new FarmPaths();
            Security = security ?? FarmSecurity.Open;
        }

        /// <summary>The ZooKeeper connect string.</summary>
        public string ConnectString { get; }

        /// <summary>The znode schema.</summary>
        public FarmPaths Paths { get; }

        /// <summary>Who may submit.</summary>
        public FarmSecurity Security { get; }

        /// <summary>Session timeout: how long a dead master or worker takes to be noticed. Default 10 s.</summary>
        public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// The most bytes of result items a worker keeps per attempt (stored in chunks); items past
        /// it are left out and the task's record says so. Default 8 MiB.
        /// </summary>
        public long MaxResultBytes { get; set; } = 8L * 1024 * 1024;

        /// <summary>Receives one line per notable event (assignments, recoveries, results).</summary>
        public Action<string>? Log { get; set; }

        internal void Write(string line) => Log?.Invoke(line);

        /// <summary>Connects, authenticates and makes sure the farm's folders exist; retries while no server answers.</summary>
        internal async Task<ZooKeeperClient> ConnectAsync(CancellationToken cancellationToken)
        {
            for (int attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ZooKeeperClient? client = null;
                try
                {
                    client = await ZooKeeperClient.ConnectAsync(ConnectString,
                        new ZooKeeperClientOptions { SessionTimeout = SessionTimeout }, cancellationToken).ConfigureAwait(false);
                    if (Security.User != null)
                    {
                        await client.AddDigestAuthAsync(Security.User, Security.Password!).ConfigureAwait(false);
                    }
                    await FarmSetup.EnsureAsync(client, Paths, Security).ConfigureAwait(false);
                    return client;
                }
                catch (ZooKeeperException ex) when (ex.IsTransient || ex is SessionExpiredException)
                {
                    client?.Dispose();
                    Write($"cannot reach ZooKeeper at {ConnectString} yet (attempt {attempt}): {ex.Message}");
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 200 * attempt)), cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
