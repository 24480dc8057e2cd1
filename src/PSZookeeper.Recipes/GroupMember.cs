using System;
using System.Collections.Generic;
using PSZookeeper.Client;
using PSZookeeper.Recipes.Caching;
using PSZookeeper.Recipes.Internal;

namespace PSZookeeper.Recipes
{
    /// <summary>One member of a group: its id, its node and the data it joined with.</summary>
    public sealed class GroupMember
    {
        internal GroupMember(string memberId, string path, byte[]? data, Stat stat)
        {
            MemberId = memberId;
            Path = path;
            Data = data;
            Stat = stat;
        }

        /// <summary>The id the member joined with.</summary>
        public string MemberId { get; }

        /// <summary>The member's node.</summary>
        public string Path { get; }

        /// <summary>The member's node name.</summary>
        public string NodeName => Path.Substring(Path.LastIndexOf('/') + 1);

        /// <summary>The member's data.</summary>
        public byte[]? Data { get; }

        /// <summary>The member node's Stat (EphemeralOwner is the member's session).</summary>
        public Stat Stat { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{MemberId} ({NodeName})";

        /// <summary>
        /// The member id in a node name: "_c_&lt;guid&gt;-&lt;id&gt;-&lt;sequence&gt;" as made by
        /// <see cref="GroupMembership.JoinAsync"/>; any other name (e.g. a plain ephemeral node) is its own id.
        /// </summary>
        internal static string IdOf(string nodeName) =>
            SequencedName.TryParse(nodeName, out SequencedName parsed) && parsed.ProtectionId.HasValue && parsed.Prefix.EndsWith("-", StringComparison.Ordinal)
                ? parsed.Prefix.Substring(0, parsed.Prefix.Length - 1)
                : nodeName;

        internal static GroupMember From(CachedNode node) => new GroupMember(IdOf(node.Name), node.Path, node.Data, node.Stat);
    }

    /// <summary>Data of <see cref="GroupMembership.MembersChanged"/>: who came and who went in one update.</summary>
    public sealed class MembershipChangedEventArgs : EventArgs
    {
        internal MembershipChangedEventArgs(IReadOnlyList<GroupMember> added, IReadOnlyList<GroupMember> removed,
            IReadOnlyList<GroupMember> updated, IReadOnlyList<GroupMember> members)
        {
            Added = added;
            Removed = removed;
            Updated = updated;
            Members = members;
        }

        /// <summary>Members that joined.</summary>
        public IReadOnlyList<GroupMember> Added { get; }

        /// <summary>Members that left (their last known state).</summary>
        public IReadOnlyList<GroupMember> Removed { get; }

        /// <summary>Members whose data changed.</summary>
        public IReadOnlyList<GroupMember> Updated { get; }

        /// <summary>Everyone, after the update.</summary>
        public IReadOnlyList<GroupMember> Members { get; }
    }
}
