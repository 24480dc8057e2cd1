using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace PSZookeeper.TestServers;

/// <summary>Writes <c>zoo.cfg</c> (and <c>myid</c> for ensemble members).</summary>
internal static class ZooKeeperConfigFile
{
    /// <summary>Writes the configuration for one server; <paramref name="peers"/> is empty for a standalone server.</summary>
    internal static void Write(string configPath, string dataDirectory, int clientPort, int? myId,
        IReadOnlyList<QuorumPeerAddress> peers, ZooKeeperServerOptions options, IEnumerable<string>? tlsLines = null)
    {
        var cfg = new StringBuilder();
        void Line(string key, object value) =>
            cfg.Append(key).Append('=').Append(string.Format(CultureInfo.InvariantCulture, "{0}", value)).Append('\n');

        Line("tickTime", options.TickTimeMilliseconds);
        // Spelled out (it is ZooKeeper's default) because tests rely on ~1 s sessions being legal.
        Line("minSessionTimeout", 2 * options.TickTimeMilliseconds);
        Line("maxSessionTimeout", options.MaxSessionTimeoutMilliseconds);
        Line("initLimit", options.InitLimit);
        Line("syncLimit", options.SyncLimit);
        Line("dataDir", dataDirectory);
        Line("clientPort", clientPort);
        // Loopback only: the machine has no other network, and tests must never be reachable from outside.
        Line("clientPortAddress", "127.0.0.1");
        // The admin server would bind 8080 on all interfaces and collide between parallel servers.
        Line("admin.enableServer", "false");
        Line("4lw.commands.whitelist", "*");
        // Test data is thrown away; fsync per transaction only adds disk noise and latency.
        Line("forceSync", "no");
        // Large enough that tests never trigger snapshot/log roll-over in the middle of a run.
        Line("snapCount", 1_000_000);
        Line("autopurge.purgeInterval", 0);
        // Tests open many sessions from the same address; the default cap (60) would reject them.
        Line("maxClientCnxns", 0);

        foreach (QuorumPeerAddress peer in peers)
        {
            Line($"server.{peer.Id}", $"127.0.0.1:{peer.PeerPort}:{peer.ElectionPort}");
        }

        foreach (string tlsLine in tlsLines ?? [])
        {
            cfg.Append(tlsLine).Append('\n');
        }

        foreach (string extra in options.ExtraConfigLines)
        {
            cfg.Append(extra).Append('\n');
        }

        Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(configPath, cfg.ToString());
        if (myId is int id)
        {
            File.WriteAllText(Path.Combine(dataDirectory, "myid"), id.ToString(CultureInfo.InvariantCulture) + "\n");
        }
    }
}
