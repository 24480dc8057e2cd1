using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Recipes;
using PSZookeeper.TestServers;

namespace PSZookeeper.Bench.Timing;

/// <summary>
/// How long the client and the election take to react to a failure: the numbers the tests used
/// to assert as wall-clock bounds, measured here instead (the tests prove the behaviour). One
/// JSON line per workload in the peers' format, with the bound the number is set against:
///   silent_server_abandon  a frozen server (SIGSTOP): ms from the freeze until the client gives
///                          the connection up; bound_ms = the read timeout, two thirds of the session timeout
///   leadership_given_up    a leader cut off at a proxy: ms from the cut until leadership is given
///                          up as suspended; bound_ms = the grace, a quarter of the session timeout
///   leader_handover        a leader's client closed: ms until the next candidate leads;
///                          bound_ms = the session timeout (what waiting for expiry would cost)
/// Usage: --rounds 5 (starts its own standalone server)
/// </summary>
public static class Program
{
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    public static async Task<int> Main(string[] args)
    {
        int at = Array.IndexOf(args, "--rounds");
        int rounds = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 5;
        await using var server = new ZooKeeperServer();
        await server.StartAsync();
        await SilentServerAsync(server, rounds);
        await LeadershipGivenUpAsync(server, rounds);
        await HandoverAsync(server, rounds);
        return 0;
    }

    private static async Task SilentServerAsync(ZooKeeperServer server, int rounds)
    {
        var samples = new List<double>();
        using ZooKeeperClient client = await ConnectAsync(server.ConnectString);
        for (int i = 0; i < rounds; i++)
        {
            Task disconnected = NextAsync(client, ConnectionChange.Disconnected);
            Task reconnected = NextAsync(client, ConnectionChange.Reconnected);
            var clock = Stopwatch.StartNew();
            server.Pause();
            try
            {
                await disconnected.WaitAsync(Limit);
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
            finally
            {
                server.Resume();
            }
            await reconnected.WaitAsync(Limit);
        }
        Emit("silent_server_abandon", samples, client.SessionTimeout.TotalMilliseconds * 2 / 3);
    }

    private static async Task LeadershipGivenUpAsync(ZooKeeperServer server, int rounds)
    {
        var samples = new List<double>();
        double graceMs = 0;
        for (int i = 0; i < rounds; i++)
        {
            await using var proxy = new TcpProxy(server.Port);
            using ZooKeeperClient client = await ConnectAsync(proxy.ConnectString);
            graceMs = client.SessionTimeout.TotalMilliseconds / 4;
            await using var election = new LeaderElection(client, $"/timing-bench-{Environment.ProcessId}/given-up");
            await election.StartAsync();
            Leadership term = await election.WaitForLeadershipAsync(Limit);
            // A new leader re-reads its own node; a reply after that read's says it has settled. (Cut
            // off during that read, it gives leadership up only at the read's retry limit, ~10 s.)
            await client.SyncAsync("/");
            var lost = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using CancellationTokenRegistration onLost = term.LostToken.Register(() => lost.TrySetResult(true));
            var clock = Stopwatch.StartNew();
            proxy.Block();
            await lost.Task.WaitAsync(Limit);
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }
        Emit("leadership_given_up", samples, graceMs);
    }

    private static async Task HandoverAsync(ZooKeeperServer server, int rounds)
    {
        var samples = new List<double>();
        string path = $"/timing-bench-{Environment.ProcessId}/handover";
        for (int i = 0; i < rounds; i++)
        {
            ZooKeeperClient leaderClient = await ConnectAsync(server.ConnectString);
            using ZooKeeperClient nextClient = await ConnectAsync(server.ConnectString);
            var leader = new LeaderElection(leaderClient, path);
            await using var next = new LeaderElection(nextClient, path);
            await leader.StartAsync();
            await leader.WaitForLeadershipAsync(Limit);
            await next.StartAsync();
            var clock = Stopwatch.StartNew();
            leaderClient.Dispose();
            await next.WaitForLeadershipAsync(Limit);
            samples.Add(clock.Elapsed.TotalMilliseconds);
            leader.Dispose();
        }
        Emit("leader_handover", samples, SessionTimeout.TotalMilliseconds);
    }

    private static Task<ZooKeeperClient> ConnectAsync(string connectString) =>
        ZooKeeperClient.ConnectAsync(connectString, new ZooKeeperClientOptions { SessionTimeout = SessionTimeout });

    private static Task NextAsync(ZooKeeperClient client, ConnectionChange change)
    {
        var seen = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler<ConnectionChangedEventArgs>? handler = null;
        handler = (_, e) =>
        {
            if (e.Change == change)
            {
                client.StateChanged -= handler;
                seen.TrySetResult(true);
            }
        };
        client.StateChanged += handler;
        return seen.Task;
    }

    private static void Emit(string workload, List<double> samplesMs, double boundMs)
    {
        samplesMs.Sort();
        double Percentile(double p) => samplesMs[Math.Max(0, (int)Math.Ceiling(p / 100 * samplesMs.Count) - 1)];
        double seconds = 0;
        samplesMs.ForEach(ms => seconds += ms / 1000);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"client\":\"pszookeeper-timing-0.1.0\",\"workload\":\"{workload}\",\"ops\":{samplesMs.Count},\"seconds\":{seconds:0.0000},\"ops_per_s\":{samplesMs.Count / seconds:0.0},\"p50_ms\":{Percentile(50):0.000},\"p99_ms\":{Percentile(99):0.000},\"bound_ms\":{boundMs:0}}}"));
    }
}
