using System;

namespace PSZookeeper.Client
{
    /// <summary>Where a client's session stands.</summary>
    public enum SessionState
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

    /// <summary>What the session states mean: the one place that says which of them end a session.</summary>
    public static class SessionStates
    {
        /// <summary>True for the states a session never leaves (Expired, Closed, AuthFailed).</summary>
        public static bool IsTerminal(this SessionState state) =>
            state == SessionState.Expired || state == SessionState.Closed || state == SessionState.AuthFailed;

        /// <summary>True for the transitions that end a session (Expired, Closed, AuthFailed).</summary>
        public static bool IsTerminal(this ConnectionChange change) =>
            change == ConnectionChange.Expired || change == ConnectionChange.Closed || change == ConnectionChange.AuthFailed;
    }

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

    /// <summary>Data of <see cref="ZooKeeperClient.StateChanged"/>.</summary>
    public sealed class ConnectionChangedEventArgs : EventArgs
    {
        /// <summary>Creates the event data.</summary>
        public ConnectionChangedEventArgs(ConnectionChange change, SessionState state, string? server)
        {
            Change = change;
            State = state;
            Server = server;
        }

        /// <summary>What happened.</summary>
        public ConnectionChange Change { get; }

        /// <summary>The session state after the change.</summary>
        public SessionState State { get; }

        /// <summary>The server concerned (host:port), when there is one.</summary>
        public string? Server { get; }

        /// <inheritdoc/>
        public override string ToString() => Server == null ? Change.ToString() : $"{Change} ({Server})";
    }
}
