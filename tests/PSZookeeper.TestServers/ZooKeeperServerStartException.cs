using System;

namespace PSZookeeper.TestServers;

/// <summary>A server did not reach a serving state; the message includes the tail of its log.</summary>
public sealed class ZooKeeperServerStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, including the log tail.</param>
    /// <param name="logFilePath">The server's full log.</param>
    /// <param name="isPortConflict">True when the log shows a port was taken between probe and bind.</param>
    public ZooKeeperServerStartException(string message, string logFilePath, bool isPortConflict)
        : base(message)
    {
        LogFilePath = logFilePath;
        IsPortConflict = isPortConflict;
    }

    /// <summary>The server's full log file.</summary>
    public string LogFilePath { get; }

    /// <summary>
    /// True when the server failed because a chosen port was grabbed by someone else first;
    /// start-up retries with new ports in that case.
    /// </summary>
    public bool IsPortConflict { get; }
}
