using System;
using PSZookeeper.Client;
using PSZookeeper.Recipes.Internal;

namespace PSZookeeper.Recipes
{
    /// <summary>A node made by <see cref="ProtectedNodes.CreateAsync"/>: its path, protection id and Stat.</summary>
    public sealed class ProtectedNode
    {
        internal ProtectedNode(string path, Guid protectionId, Stat stat)
        {
            Path = path;
            Name = path.Substring(path.LastIndexOf('/') + 1);
            ProtectionId = protectionId;
            Stat = stat;
            Sequence = SequencedName.TryParse(Name, out SequencedName parsed) ? parsed.Sequence : -1;
        }

        /// <summary>The full path, with the sequence suffix for sequential modes.</summary>
        public string Path { get; }

        /// <summary>The last path segment.</summary>
        public string Name { get; }

        /// <summary>The GUID in the name, which finds the node again after a lost reply.</summary>
        public Guid ProtectionId { get; }

        /// <summary>The sequence number the server appended; -1 for a non-sequential node.</summary>
        public long Sequence { get; }

        /// <summary>The node's Stat when it was created or found.</summary>
        public Stat Stat { get; }

        /// <inheritdoc/>
        public override string ToString() => Path;
    }
}
