using System;
using System.Collections.Generic;
using PSZookeeper.Client;
using PSZookeeper.Framework;

namespace PSZookeeper.Core.Trees
{
    /// <summary>
    /// Reads listed nodes one batch of pipelined getData at a time, handing each batch out as it
    /// arrives (output streams while a large tree is read) with a progress step per batch.
    /// </summary>
    internal static class TreeListing
    {
        /// <summary>The activity the progress bar of a listing under <paramref name="root"/> shows.</summary>
        public static string Activity(string root) => "Listing " + root;

        /// <summary>Reads <paramref name="paths"/> in order and calls <paramref name="write"/> for each node still there.</summary>
        public static void Read(ITreeHost host, ZooKeeperClient client, IReadOnlyList<string> paths, string activity, Action<string, NodeData> write) =>
            Read(host, paths, activity, batch => host.Await(ZNodeTree.ReadAsync(client, batch, host.StopToken)), write);

        /// <summary>
        /// The same, each batch read by <paramref name="readBatch"/> (a cmdlet's reads ride out a
        /// connection loss through its retried calls).
        /// </summary>
        public static void Read(ITreeHost host, IReadOnlyList<string> paths, string activity,
            Func<IReadOnlyList<string>, NodeData?[]> readBatch, Action<string, NodeData> write)
        {
            int done = 0;
            foreach (IReadOnlyList<string> batch in ZNodeTree.Batches(paths))
            {
                NodeData?[] nodes = readBatch(batch);
                for (int i = 0; i < batch.Count; i++)
                {
                    if (nodes[i] != null)
                    {
                        write(batch[i], nodes[i]!);
                    }
                }
                done += batch.Count;
                host.Progress(activity, $"{done} of {paths.Count} znodes read", done, paths.Count);
            }
        }
    }
}
