using System;

namespace PSZookeeper.TestServers;

/// <summary>Interprets the text of a <c>srvr</c> four-letter-word reply.</summary>
internal static class SrvrResponse
{
    /// <summary>Maps a reply (null = no reply) to a <see cref="ServerMode"/>.</summary>
    internal static ServerMode ParseMode(string? reply)
    {
        if (reply is null)
        {
            return ServerMode.Unreachable;
        }

        foreach (string rawLine in reply.Split('\n'))
        {
            string line = rawLine.Trim();
            if (!line.StartsWith("Mode:", StringComparison.Ordinal))
            {
                continue;
            }

            return line["Mode:".Length..].Trim().ToLowerInvariant() switch
            {
                "standalone" => ServerMode.Standalone,
                "leader" => ServerMode.Leader,
                "follower" => ServerMode.Follower,
                "observer" => ServerMode.Observer,
                _ => ServerMode.Unknown,
            };
        }

        // ZooKeeper answers "This ZooKeeper instance is not currently serving requests"
        // while an ensemble member has no quorum.
        return reply.Contains("not currently serving", StringComparison.OrdinalIgnoreCase)
            ? ServerMode.NotServing
            : ServerMode.Unknown;
    }

    /// <summary>True for the modes in which a server accepts client requests.</summary>
    internal static bool IsServing(ServerMode mode) =>
        mode is ServerMode.Standalone or ServerMode.Leader or ServerMode.Follower or ServerMode.Observer;
}
