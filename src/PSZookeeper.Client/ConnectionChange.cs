namespace PSZookeeper.Client
{
    /// <summary>A transition a client reports through <see cref="ZooKeeperClient.StateChanged"/>.</summary>
    public enum ConnectionChange
    {
        /// <summary>The first connection of the session is up.</summary>
        Connected,
        /// <summary>The connection is lost (suspended); the session may survive a reconnect.</summary>
        Disconnected,
        /// <summary>Connected again to the same session; watches were re-armed and auth re-sent.</summary>
        Reconnected,
        /// <summary>The session expired: ephemerals are deleted and watches are gone.</summary>
        Expired,
        /// <summary>The client was closed.</summary>
        Closed,
        /// <summary>Authentication failed; the client stopped.</summary>
        AuthFailed,
    }
}
