namespace PSZookeeper.TestServers;

/// <summary>What a server's <c>srvr</c> four-letter word says about its role.</summary>
public enum ServerMode
{
    /// <summary>No answer: the process is down, paused (SIGSTOP) or the port is not open yet.</summary>
    Unreachable,

    /// <summary>The process answers but is not serving (e.g. an ensemble member still electing).</summary>
    NotServing,

    /// <summary>The server answered with a mode this library does not know.</summary>
    Unknown,

    /// <summary>Single server without a quorum.</summary>
    Standalone,

    /// <summary>Ensemble leader.</summary>
    Leader,

    /// <summary>Ensemble follower.</summary>
    Follower,

    /// <summary>Non-voting ensemble member.</summary>
    Observer,
}
