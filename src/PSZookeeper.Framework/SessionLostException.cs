using System;
using PSZookeeper.Client;

namespace PSZookeeper.Framework
{
    /// <summary>
    /// The session ended (expired, was closed or refused its credentials) while work needed it.
    /// Whatever was held on that session (lock, lease, leadership, membership, claim) is gone;
    /// a new <see cref="ZooKeeperClient"/> is needed to take part again.
    /// </summary>
    public sealed class SessionLostException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="reason">Why the session ended: Expired, Closed or AuthFailed.</param>
        /// <param name="path">The znode concerned, if any.</param>
        /// <param name="inner">The client's error, if any.</param>
        public SessionLostException(ConnectionChange reason, string? path, Exception? inner = null)
            : base($"The ZooKeeper session is over ({reason}); what was held on it is gone.", inner)
        {
            Reason = reason;
            Path = path;
        }

        /// <summary>Why the session ended.</summary>
        public ConnectionChange Reason { get; }

        /// <summary>The znode concerned, or null.</summary>
        public string? Path { get; }
    }
}
