using System;
using System.Globalization;
using System.Linq;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Core.Trees
{
    /// <summary>
    /// Copies or moves a subtree within one session: data byte for byte, modes, ACLs. A subtree
    /// that fits in one request runs as one multi (a move also deletes each source node at the
    /// version read, so a concurrent change makes it fail as a whole). A larger one is refused
    /// unless the caller accepts a non-atomic copy, which runs level by level and then deletes
    /// the source (for a move). Ephemeral nodes are left out of a copy, with a warning, and make a
    /// move fail: they belong to their session.
    /// </summary>
    internal static class TreeCopier
    {
        public static ZKTreeCopyResult Copy(ITreeHost host, ZooKeeperClient client, string source, string destination, bool recurse,
            bool move, bool allowNonAtomic)
        {
            ZNodePath.Validate(source);
            ZNodePath.Validate(destination);
            string verb = move ? "move" : "copy";
            if (source == "/" && move)
            {
                throw new ArgumentException("The root znode cannot be moved.");
            }
            if ((recurse || move) && ZKTreePaths.IsWithin(source, destination))
            {
                throw new ArgumentException($"Cannot {verb} {source} to {destination}: the destination is inside the source.");
            }
            string activity = (move ? "Moving " : "Copying ") + source;
            ZKTreeSnapshot snapshot = TreeReader.Read(host, client, source, recurse || move ? -1 : 0, includeAcl: true, activity);
            if (snapshot.SkippedEphemerals.Count > 0)
            {
                string list = string.Join(", ", snapshot.SkippedEphemerals.Take(5)) + (snapshot.SkippedEphemerals.Count > 5 ? ", ..." : string.Empty);
                if (move || snapshot.Entries.Count == 0)
                {
                    throw new InvalidOperationException(
                        $"Cannot {verb} {source}: it holds {snapshot.SkippedEphemerals.Count} ephemeral node(s) ({list}), which belong to their session.");
                }
                host.Warning($"Left out {snapshot.SkippedEphemerals.Count} ephemeral node(s), which belong to their session: {list}");
            }
            if (snapshot.Entries.Count == 0)
            {
                throw ZooKeeperException.Create(ErrorCode.NoNode, source);
            }
            long bytes = TreeTransaction.CreateBytes(destination, snapshot.Entries) + (move ? TreeTransaction.DeleteBytes(source, snapshot.Entries) : 0);
            if (bytes <= TreeTransaction.MaxRequestBytes)
            {
                var ops = TreeTransaction.Creates(destination, snapshot.Entries);
                if (move)
                {
                    ops.AddRange(TreeTransaction.Deletes(source, snapshot.Entries));
                }
                host.Await(client.MultiAsync(ops));
                return new ZKTreeCopyResult(source, destination, snapshot.Entries.Count, atomic: true, moved: move);
            }
            if (!allowNonAtomic)
            {
                throw new TransactionTooLargeException(string.Format(CultureInfo.InvariantCulture,
                    "Cannot {0} {1} atomically: its {2} znodes need a {3:N0}-byte transaction and the server takes at most {4:N0} bytes (jute.maxbuffer). " +
                    "Pass -AllowNonAtomic to {0} it level by level (a failure midway leaves a partial copy).",
                    verb, source, snapshot.Entries.Count, bytes, TreeTransaction.MaxRequestBytes));
            }
            TreeWriter.Write(host, client, destination, snapshot.Entries, overwrite: false, createParents: false, activity);
            if (move)
            {
                try
                {
                    TreeDeletion.DeleteEntries(host, client, source, snapshot.Entries, activity);
                }
                catch (ZooKeeperException ex)
                {
                    throw new InvalidOperationException(
                        $"Copied {snapshot.Entries.Count} znodes to {destination}, but {source} changed meanwhile and was not removed: {ex.Message}", ex);
                }
            }
            return new ZKTreeCopyResult(source, destination, snapshot.Entries.Count, atomic: false, moved: move);
        }
    }
}
