using System;

namespace PSZookeeper.Client
{
    /// <summary>Settings for a <see cref="ZooKeeperClient"/>. The defaults suit a LAN ensemble.</summary>
    public sealed class ZooKeeperClientOptions
    {
        /// <summary>The session timeout to ask for; the server clamps it to its own min/max. Default 10 s.</summary>
        public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>How long ConnectAsync waits for the first connection before failing. Default 15 s.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>
        /// The largest znode data the client sends, checked before any I/O. Default 1 MiB minus one
        /// byte: the server's default jute.maxbuffer. Raise it only if the servers allow more.
        /// </summary>
        public int MaxDataLength { get; set; } = 0xFFFFF;

        /// <summary>
        /// The largest frame the client accepts from a server. Larger (or negative) lengths break the
        /// connection as a protocol error instead of allocating. Default 4 MiB.
        /// </summary>
        public int MaxFrameLength { get; set; } = 4 * 1024 * 1024;

        /// <summary>Resume an existing session: its id (0 for a new session).</summary>
        public long SessionId { get; set; }

        /// <summary>Resume an existing session: its password (null for a new session).</summary>
        public byte[]? SessionPassword { get; set; }

        /// <summary>Called when a watch or state callback throws; the exception is otherwise only traced.</summary>
        public Action<Exception>? CallbackError { get; set; }

        /// <summary>
        /// TLS for every connection (to the servers' <c>secureClientPort</c>), or null (the default)
        /// for plain TCP. A server that fails verification is never used: ConnectAsync then fails
        /// with a connection loss whose message names the reason.
        /// </summary>
        public ZooKeeperTlsOptions? Tls { get; set; }

        /// <summary>
        /// Keeps one-shot watches off paths the session watches persistently (see
        /// <see cref="Io.WatchManager"/>). Always on; tests turn it off to show the server bug it guards against.
        /// </summary>
        internal bool GuardPersistentWatches { get; set; } = true;

        internal void Validate()
        {
            if (SessionTimeout <= TimeSpan.Zero || SessionTimeout.TotalMilliseconds > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(SessionTimeout), SessionTimeout, "The session timeout must be positive.");
            }
            if (ConnectTimeout <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "The connect timeout must be positive.");
            }
            if (MaxDataLength < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxDataLength), MaxDataLength, "The data limit cannot be negative.");
            }
            if (MaxFrameLength < 1024)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxFrameLength), MaxFrameLength, "The frame limit must be at least 1024 bytes.");
            }
            if (SessionId != 0 && SessionPassword == null)
            {
                throw new ArgumentException("Resuming a session needs both SessionId and SessionPassword.", nameof(SessionPassword));
            }
            Tls?.Validate();
        }

        internal ZooKeeperClientOptions Clone()
        {
            var copy = (ZooKeeperClientOptions)MemberwiseClone();
            copy.Tls = Tls?.Clone();
            return copy;
        }
    }
}
