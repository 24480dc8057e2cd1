using System;
using System.Collections.Generic;
using System.Linq;

namespace PSZookeeper.TestServers;

/// <summary>
/// Process-wide list of running servers, so they are killed even when a test forgets to
/// dispose them or the test host is shutting down (ProcessExit, Ctrl+C). The first registration
/// also sweeps orphans of earlier, crashed test hosts.
/// </summary>
internal static class ServerRegistry
{
    private static readonly object s_gate = new();
    private static readonly HashSet<ZooKeeperServer> s_running = new();
    private static bool s_initialized;

    /// <summary>Installs the shutdown handlers and reaps orphans; cheap after the first call.</summary>
    internal static void EnsureInitialized()
    {
        lock (s_gate)
        {
            if (s_initialized)
            {
                return;
            }

            s_initialized = true;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
            // Not cancelling the event: the host still terminates, we only get to clean up first.
            Console.CancelKeyPress += (_, _) => KillAll();
            // Order matters: kill orphaned javas before deleting the directories they write to.
            StaleServerReaper.KillOrphans();
            TestDirectories.DeleteOrphanedRoots();
        }
    }

    /// <summary>Tracks a server whose process was just started.</summary>
    internal static void Register(ZooKeeperServer server)
    {
        lock (s_gate)
        {
            s_running.Add(server);
        }
    }

    /// <summary>Stops tracking a server whose process is gone.</summary>
    internal static void Unregister(ZooKeeperServer server)
    {
        lock (s_gate)
        {
            s_running.Remove(server);
        }
    }

    /// <summary>SIGKILLs every tracked server without waiting; used on host shutdown.</summary>
    internal static void KillAll()
    {
        ZooKeeperServer[] servers;
        lock (s_gate)
        {
            servers = s_running.ToArray();
            s_running.Clear();
        }

        // Signal everyone first so the servers die in parallel, then clean up their files.
        foreach (ZooKeeperServer server in servers)
        {
            server.SignalKillForHostShutdown();
        }

        foreach (ZooKeeperServer server in servers)
        {
            server.DeleteFilesForHostShutdown();
        }
    }
}
