using System;

namespace PSZookeeper.TestServers;

/// <summary>
/// Thrown when no usable ZooKeeper (or Java runtime) can be found on this machine.
/// The message always starts with the install hint so a failing integration test
/// tells the reader exactly what to do.
/// </summary>
public sealed class ZooKeeperNotInstalledException : Exception
{
    /// <summary>The fixed install hint every instance's message starts with.</summary>
    public const string InstallHint =
        "ZooKeeper is not installed: run `apt-get install -y zookeeper` (Debian) or set ZOOKEEPER_HOME";

    /// <summary>Creates the exception; <paramref name="details"/> lists what was searched.</summary>
    /// <param name="details">Where the locator looked, appended after the install hint.</param>
    public ZooKeeperNotInstalledException(string details)
        : base(InstallHint + " (" + details + ")")
    {
    }
}
