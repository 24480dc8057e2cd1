using System.Management.Automation;

namespace PSZookeeper.Provider
{
    /// <summary>New-PSDrive's parameters for the ZooKeeper provider (its -Credential is New-PSDrive's own).</summary>
    public sealed class ZKDriveParameters
    {
        /// <summary>Servers as host:port[,host:port...][/chroot]: the drive opens a session of its own.</summary>
        [Parameter]
        [Alias("Server", "ConnectString")]
        [ValidateNotNullOrEmpty]
        public string[]? ComputerName { get; set; }

        /// <summary>An existing session (Connect-Zookeeper's) to use instead of a new one.</summary>
        [Parameter]
        [Alias("ZKClient")]
        public ZKSession? Session { get; set; }

        /// <summary>Session timeout in seconds for a session the drive opens.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public double SessionTimeout { get; set; } = 10;

        /// <summary>Seconds to wait for the first connection.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public double ConnectTimeout { get; set; } = 15;
    }
}
