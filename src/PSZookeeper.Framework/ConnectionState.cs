using System;

namespace PSZookeeper.Framework
{
    /// <summary>
    /// How code above the client sees its session, in the terms it acts on (as Curator names
    /// them): a lost connection is only <see cref="Suspended"/>, because the session may survive it.
    /// </summary>
    public enum ConnectionState
    {
        /// <summary>Connected (the first connection of the session).</summary>
        Connected,

        /// <summary>
        /// The connection is lost but the session may still be alive. Holds (locks, leadership) are
        /// uncertain: another process may take them over if the session expires meanwhile.
        /// </summary>
        Suspended,

        /// <summary>Connected again to the same session; what was read before is re-read.</summary>
        Reconnected,

        /// <summary>The session is over (expired, closed or refused): its holds and ephemeral nodes are gone.</summary>
        Lost,
    }

    /// <summary>Data of a ConnectionStateChanged event.</summary>
    public sealed class ConnectionStateEventArgs : EventArgs
    {
        /// <summary>Creates the event data.</summary>
        /// <param name="state">The new state.</param>
        public ConnectionStateEventArgs(ConnectionState state) => State = state;

        /// <summary>The new state.</summary>
        public ConnectionState State { get; }

        /// <inheritdoc/>
        public override string ToString() => State.ToString();
    }
}
