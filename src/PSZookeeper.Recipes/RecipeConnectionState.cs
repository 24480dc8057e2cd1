using System;

namespace PSZookeeper.Recipes
{
    /// <summary>
    /// How a recipe sees its session, in the terms recipes act on (as Curator names them):
    /// a lost connection is only <see cref="Suspended"/>, because the session may survive it.
    /// </summary>
    public enum RecipeConnectionState
    {
        /// <summary>Connected (the first connection of the session).</summary>
        Connected,

        /// <summary>
        /// The connection is lost but the session may still be alive. Locks and leadership are
        /// uncertain: another process may take them over if the session expires meanwhile.
        /// </summary>
        Suspended,

        /// <summary>Connected again to the same session; recipes re-read their state.</summary>
        Reconnected,

        /// <summary>The session is over (expired, closed or refused): its locks, leadership and ephemeral nodes are gone.</summary>
        Lost,
    }

    /// <summary>Data of a recipe's ConnectionStateChanged event.</summary>
    public sealed class RecipeConnectionEventArgs : EventArgs
    {
        /// <summary>Creates the event data.</summary>
        /// <param name="state">The new state.</param>
        public RecipeConnectionEventArgs(RecipeConnectionState state) => State = state;

        /// <summary>The new state.</summary>
        public RecipeConnectionState State { get; }

        /// <inheritdoc/>
        public override string ToString() => State.ToString();
    }
}
