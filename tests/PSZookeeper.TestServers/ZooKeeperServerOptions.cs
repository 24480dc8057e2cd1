using System;
using System.Collections.Generic;
using System.Linq;

namespace PSZookeeper.TestServers;

/// <summary>
/// Tunables for a test ZooKeeper server. Defaults favour fast, small, loopback-only servers;
/// a server or ensemble copies the options when constructed, so later edits do not affect it.
/// </summary>
public sealed class ZooKeeperServerOptions
{
    /// <summary>
    /// ZooKeeper tick in milliseconds (default 500). Kept low because the server's minimum
    /// session timeout is 2 ticks: 500 lets tests use ~1 s sessions to exercise expiry quickly.
    /// </summary>
    public int TickTimeMilliseconds { get; set; } = 500;

    /// <summary>Upper bound the server grants for session timeouts (default 60000 ms).</summary>
    public int MaxSessionTimeoutMilliseconds { get; set; } = 60_000;

    /// <summary>Ticks a follower may take to connect and sync to the leader (ensembles only; default 10).</summary>
    public int InitLimit { get; set; } = 10;

    /// <summary>Ticks a follower may lag behind the leader (ensembles only; default 5).</summary>
    public int SyncLimit { get; set; } = 5;

    /// <summary>JVM maximum heap, the value of <c>-Xmx</c> (default <c>256m</c>).</summary>
    public string MaxHeap { get; set; } = "256m";

    /// <summary>
    /// Root level for the server log (slf4j-simple: trace/debug/info/warn/error; default info,
    /// because start-up failures are only diagnosable from INFO lines).
    /// </summary>
    public string LogLevel { get; set; } = "info";

    /// <summary>
    /// Java system properties passed as <c>-Dkey=value</c>. Starts with
    /// <c>zookeeper.extendedTypesEnabled=true</c> so TTL nodes can be tested; remove it to test
    /// the server's rejection path.
    /// </summary>
    public IDictionary<string, string> SystemProperties { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["zookeeper.extendedTypesEnabled"] = "true",
    };

    /// <summary>Additional raw JVM arguments, appended after the defaults (e.g. GC flags).</summary>
    public IList<string> ExtraJvmArguments { get; } = new List<string>();

    /// <summary>
    /// Extra <c>key=value</c> lines appended to <c>zoo.cfg</c>; ZooKeeper keeps the last
    /// occurrence of a key, so these override the generated defaults.
    /// </summary>
    public IList<string> ExtraConfigLines { get; } = new List<string>();

    /// <summary>How long a start may take before it fails with the server's log tail (default 30 s).</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful stop (SIGTERM) may take before the process is SIGKILLed (default 10 s).</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>When true, disposal leaves the data directory on disk for post-mortem inspection.</summary>
    public bool KeepDataDirectory { get; set; }

    /// <summary>
    /// Opt-in TLS: when set, the server also listens on a <c>secureClientPort</c>
    /// (<see cref="ZooKeeperServer.SecurePort"/>) with certificates made at test time. Null (the default) is plain TCP only.
    /// </summary>
    public TlsServerOptions? Tls { get; set; }

    /// <summary>Deep copy, so a running server never observes caller mutations.</summary>
    internal ZooKeeperServerOptions Clone()
    {
        var copy = new ZooKeeperServerOptions
        {
            TickTimeMilliseconds = TickTimeMilliseconds,
            MaxSessionTimeoutMilliseconds = MaxSessionTimeoutMilliseconds,
            InitLimit = InitLimit,
            SyncLimit = SyncLimit,
            MaxHeap = MaxHeap,
            LogLevel = LogLevel,
            StartTimeout = StartTimeout,
            StopTimeout = StopTimeout,
            KeepDataDirectory = KeepDataDirectory,
            Tls = Tls?.Clone(),
        };
        copy.SystemProperties.Clear();
        foreach (var pair in SystemProperties)
        {
            copy.SystemProperties[pair.Key] = pair.Value;
        }

        foreach (string argument in ExtraJvmArguments.ToList())
        {
            copy.ExtraJvmArguments.Add(argument);
        }

        foreach (string line in ExtraConfigLines.ToList())
        {
            copy.ExtraConfigLines.Add(line);
        }

        return copy;
    }
}
