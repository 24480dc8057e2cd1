using System.Collections.Generic;
using System.Linq;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>The leader of an election as Get-ZKLeader reports it.</summary>
    public sealed class ZKLeaderInfo
    {
        public ZKLeaderInfo(string path, IReadOnlyList<string> candidates, string? data)
        {
            Path = path;
            Candidates = candidates.ToArray();
            Leader = Candidates.FirstOrDefault();
            LeaderData = data;
        }

        public string Path { get; }

        /// <summary>The leader's candidate node name (null when nobody runs).</summary>
        public string? Leader { get; }

        /// <summary>The leader's candidate data (UTF-8 text).</summary>
        public string? LeaderData { get; }

        /// <summary>Candidate node names in queue order, the leader first.</summary>
        public string[] Candidates { get; }
    }
}
