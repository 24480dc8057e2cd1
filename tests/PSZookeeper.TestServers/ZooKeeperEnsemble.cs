using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.TestServers;

/// <summary>
/// A quorum of real ZooKeeper servers on 127.0.0.1 (default 3), each with its own client,
/// peer and election port and its own data directory below <see cref="RootDirectory"/>.
/// </summary>
public sealed class ZooKeeperEnsemble : IAsyncDisposable, IDisposable
{
    private const int MaxPortAttempts = 3;
    private readonly ZooKeeperServer[] _servers;
    private readonly ZooKeeperServerOptions _options;
    private bool _portsPinned;
    private bool _disposed;

    /// <summary>Creates the ensemble; nothing is started or written to disk until <see cref="StartAsync"/>.</summary>
    /// <param name="size">Number of voting members (default 3; 1 yields a single standalone-mode server).</param>
    /// <param name="options">Tunables shared by all members; copied. Null means defaults.</param>
    public ZooKeeperEnsemble(int size = 3, ZooKeeperServerOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _options = (options ?? new ZooKeeperServerOptions()).Clone();
        RootDirectory = TestDirectories.NewRootPath("ensemble");
        _servers = Enumerable.Range(1, size)
            .Select(id => new ZooKeeperServer(_options, RootDirectory, Path.Combine(RootDirectory, $"s{id}"), id))
            .ToArray();
    }

    /// <summary>Members in myid order (<c>Servers[0]</c> has myid 1).</summary>
    public IReadOnlyList<ZooKeeperServer> Servers => _servers;

    /// <summary>Number of members.</summary>
    public int Count => _servers.Length;

    /// <summary>Member by zero-based index (myid = index + 1).</summary>
    public ZooKeeperServer this[int index] => _servers[index];

    /// <summary>Directory holding one <c>sN</c> subdirectory per member.</summary>
    public string RootDirectory { get; }

    /// <summary>All client endpoints, comma-separated, e.g. <c>127.0.0.1:4001,127.0.0.1:4002,127.0.0.1:4003</c>.</summary>
    public string ConnectString => string.Join(",", _servers.Select(s => s.ConnectString));

    /// <summary>
    /// Starts every member and waits until one is leader and all others follow (bounded by
    /// <see cref="ZooKeeperServerOptions.StartTimeout"/>). Picks fresh ports on the first start and
    /// retries if one was taken meanwhile; later starts reuse the same ports.
    /// </summary>
    /// <exception cref="ZooKeeperNotInstalledException">ZooKeeper or Java is missing.</exception>
    /// <exception cref="ZooKeeperServerStartException">A member exited or never served; includes its log tail.</exception>
    /// <exception cref="TimeoutException">Members serve but no single leader emerged in time.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_servers.Any(s => s.IsRunning))
        {
            throw new InvalidOperationException("The ensemble is already (partly) running; use RestoreAsync to restart missing members.");
        }

        for (int attempt = 1; ; attempt++)
        {
            if (!_portsPinned)
            {
                AssignFreshPorts();
            }

            try
            {
                // Launch everyone before waiting: no member can serve until a majority runs.
                foreach (ZooKeeperServer server in _servers)
                {
                    server.Launch();
                }

                await WaitAllServingAsync(_servers, cancellationToken).ConfigureAwait(false);
                await WaitForQuorumAsync(_options.StartTimeout, cancellationToken).ConfigureAwait(false);
                _portsPinned = true;
                return;
            }
            catch (ZooKeeperServerStartException e) when (e.IsPortConflict && !_portsPinned && attempt < MaxPortAttempts)
            {
                KillAll();
            }
            catch
            {
                KillAll();
                throw;
            }
        }
    }

    /// <summary>
    /// Polls <c>srvr</c> on every running, unpaused member until exactly one leads, all others
    /// follow, and they form a majority of the ensemble. Returns the leader.
    /// </summary>
    /// <exception cref="TimeoutException">No quorum within <paramref name="timeout"/>; the message lists every member's state.</exception>
    public async Task<ZooKeeperServer> WaitForQuorumAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ZooKeeperServer? leader = null;
        string status = "not polled";
        bool reached = await Polling.UntilAsync(async token =>
        {
            MemberState[] states = await SnapshotAsync(token).ConfigureAwait(false);
            status = Describe(states);
            MemberState[] active = states.Where(s => s.IsActive).ToArray();
            MemberState[] leaders = active.Where(s => s.Mode is ServerMode.Leader or ServerMode.Standalone).ToArray();
            bool quorum = active.Length > Count / 2
                && leaders.Length == 1
                && active.All(s => s.Mode is ServerMode.Leader or ServerMode.Standalone or ServerMode.Follower or ServerMode.Observer);
            leader = quorum ? leaders[0].Server : null;
            return quorum;
        }, timeout, cancellationToken).ConfigureAwait(false);

        if (!reached || leader is null)
        {
            throw new TimeoutException($"The ensemble did not reach a quorum within {timeout.TotalSeconds:0.#} s: {status}");
        }

        return leader;
    }

    /// <summary>Asks every running member once and returns the single leader.</summary>
    /// <exception cref="InvalidOperationException">There is no single leader right now (e.g. mid-election); use <see cref="WaitForQuorumAsync"/> to wait for one.</exception>
    public async Task<ZooKeeperServer> LeaderAsync(CancellationToken cancellationToken = default)
    {
        MemberState[] states = await SnapshotAsync(cancellationToken).ConfigureAwait(false);
        MemberState[] leaders = states.Where(s => s.IsActive && s.Mode is ServerMode.Leader or ServerMode.Standalone).ToArray();
        return leaders.Length == 1
            ? leaders[0].Server
            : throw new InvalidOperationException($"The ensemble has {leaders.Length} leaders: {Describe(states)}");
    }

    /// <summary>The member whose client port is <paramref name="port"/>, or null.</summary>
    public ZooKeeperServer? FindServerByPort(int port) => _servers.FirstOrDefault(s => s.AssignedPort == port);

    /// <summary>
    /// Undoes test damage: resumes paused members, restarts stopped or killed ones (same ports),
    /// and waits for a quorum. Meant for shared fixtures between tests that kill or pause nodes.
    /// </summary>
    public async Task RestoreAsync(CancellationToken cancellationToken = default)
    {
        if (!_portsPinned)
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (ZooKeeperServer server in _servers.Where(s => s.IsPaused))
        {
            server.Resume();
        }

        ZooKeeperServer[] stopped = _servers.Where(s => !s.IsRunning).ToArray();
        foreach (ZooKeeperServer server in stopped)
        {
            server.Launch();
        }

        await WaitAllServingAsync(stopped, cancellationToken).ConfigureAwait(false);
        await WaitForQuorumAsync(_options.StartTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gracefully stops all members in parallel.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(_servers.Select(s => s.StopAsync(cancellationToken)));

    /// <summary>SIGKILLs all members and deletes <see cref="RootDirectory"/> (unless <see cref="ZooKeeperServerOptions.KeepDataDirectory"/>).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (ZooKeeperServer server in _servers)
        {
            server.Dispose();
        }

        if (!_options.KeepDataDirectory)
        {
            TestDirectories.DeleteQuietly(RootDirectory);
        }
    }

    /// <summary>Same as <see cref="Dispose"/>: killing is immediate, so there is nothing to await.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    // Client, peer and election port for every member, all distinct, chosen in one go.
    private void AssignFreshPorts()
    {
        int[] ports = LoopbackPorts.Reserve(3 * Count);
        QuorumPeerAddress[] peers = Enumerable.Range(0, Count)
            .Select(i => new QuorumPeerAddress(i + 1, ports[Count + (2 * i)], ports[Count + (2 * i) + 1]))
            .ToArray();
        for (int i = 0; i < Count; i++)
        {
            _servers[i].AssignPorts(ports[i], peers);
        }
    }

    // Waits for all members in parallel; the first failure cancels the others so a member that
    // crashed on start-up is reported at once instead of after everyone's timeout.
    private async Task WaitAllServingAsync(IReadOnlyCollection<ZooKeeperServer> servers, CancellationToken cancellationToken)
    {
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] waits = servers.Select(async server =>
        {
            try
            {
                await server.WaitUntilServingAsync(_options.StartTimeout, failFast.Token).ConfigureAwait(false);
            }
            catch
            {
                await failFast.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }).ToArray();

        try
        {
            await Task.WhenAll(waits).ConfigureAwait(false);
        }
        catch when (!cancellationToken.IsCancellationRequested)
        {
            // Report the real failure, preferring a port conflict (it triggers a retry).
            Exception[] failures = waits
                .Where(t => t.IsFaulted)
                .SelectMany(t => t.Exception!.InnerExceptions)
                .ToArray();
            throw failures.OfType<ZooKeeperServerStartException>().FirstOrDefault(e => e.IsPortConflict)
                ?? failures.FirstOrDefault()
                ?? throw new InvalidOperationException("An ensemble member stopped waiting without an error.");
        }
    }

    private void KillAll()
    {
        foreach (ZooKeeperServer server in _servers)
        {
            server.Kill();
        }
    }

    private async Task<MemberState[]> SnapshotAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(_servers.Select(async server =>
        {
            if (!server.IsRunning || server.IsPaused)
            {
                return new MemberState(server, false, ServerMode.Unreachable);
            }

            return new MemberState(server, true, await server.GetModeAsync(cancellationToken).ConfigureAwait(false));
        })).ConfigureAwait(false);

    private static string Describe(IEnumerable<MemberState> states) =>
        string.Join("; ", states.Select(s =>
            $"{s.Server}: {(s.IsActive ? s.Mode.ToString() : s.Server.IsPaused ? "paused" : "stopped")}"));

    /// <summary>One member's state in a poll round; inactive = stopped or paused (not asked).</summary>
    private sealed record MemberState(ZooKeeperServer Server, bool IsActive, ServerMode Mode);
}
