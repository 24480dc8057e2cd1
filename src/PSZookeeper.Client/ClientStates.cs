namespace PSZookeeper.Client
{
    /// <summary>What the client states mean: the one place that says which of them end a session.</summary>
    public static class ClientStates
    {
        /// <summary>True for the states a session never leaves (Expired, Closed, AuthFailed).</summary>
        public static bool IsTerminal(this ClientState state) =>
            state == ClientState.Expired || state == ClientState.Closed || state == ClientState.AuthFailed;

        /// <summary>True for the transitions that end a session (Expired, Closed, AuthFailed).</summary>
        public static bool IsTerminal(this ConnectionChange change) =>
            change == ConnectionChange.Expired || change == ConnectionChange.Closed || change == ConnectionChange.AuthFailed;
    }
}
