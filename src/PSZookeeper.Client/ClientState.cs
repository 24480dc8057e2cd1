namespace PSZookeeper.Client
{
    /// <summary>Where a client's session stands.</summary>
    public enum ClientState
    {
        /// <summary>Establishing the first connection.</summary>
        Connecting,
        /// <summary>Connected; requests flow.</summary>
        Connected,
        /// <summary>The connection was lost; the session may still be alive and the client is reconnecting.</summary>
        Disconnected,
        /// <summary>The server expired the session; its ephemerals and watches are gone. Terminal.</summary>
        Expired,
        /// <summary>Closed by the application. Terminal.</summary>
        Closed,
        /// <summary>The server rejected the credentials. Terminal.</summary>
        AuthFailed,
    }
}
