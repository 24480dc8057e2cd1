using System;

namespace PSZookeeper.Client
{
    /// <summary>Data of <see cref="ZooKeeperClient.StateChanged"/>.</summary>
    public sealed class ConnectionChangedEventArgs : EventArgs
    {
        /// <summary>Creates the event data.</summary>
        public ConnectionChangedEventArgs(ConnectionChange change, ClientState state, string? server)
        {
            Change = change;
            State = state;
            Server = server;
        }

        /// <summary>What happened.</summary>
        public ConnectionChange Change { get; }

        /// <summary>The session state after the change.</summary>
        public ClientState State { get; }

        /// <summary>The server concerned (host:port), when there is one.</summary>
        public string? Server { get; }

        /// <inheritdoc/>
        public override string ToString() => Server == null ? Change.ToString() : $"{Change} ({Server})";
    }
}
