using PSZookeeper.Client;
using PSZookeeper.Recipes.Internal;

namespace PSZookeeper.Recipes
{
    /// <summary>
    /// A fair inter-process read/write lock: readers share the lock unless a writer queued before
    /// them; a writer waits for everyone before it. Both sides queue in one directory in arrival
    /// order; a reader watches only the nearest writer before it, a writer only its predecessor.
    /// </summary>
    public sealed class DistributedReadWriteLock
    {
        /// <summary>A reader is blocked by the nearest writer (or exclusive holder) queued before it.</summary>
        private static readonly BlockerRule NearestWriter = (ordered, index) =>
        {
            for (int i = index - 1; i >= 0; i--)
            {
                if (ordered[i].Prefix != DistributedLock.ReadPrefix)
                {
                    return Blocker.On(ordered[i].Name);
                }
            }
            return Blocker.None;
        };

        /// <summary>Creates both sides; nothing is sent until an acquisition.</summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The lock's directory (created, as a container, on first use).</param>
        /// <param name="contenderData">Data stored in each contender node, or null.</param>
        public DistributedReadWriteLock(ZooKeeperClient client, string path, byte[]? contenderData = null)
        {
            Path = path;
            ReadLock = new DistributedLock(client, path, DistributedLock.ReadPrefix, NearestWriter, contenderData);
            WriteLock = new DistributedLock(client, path, DistributedLock.WritePrefix, TurnWaiter.Predecessor, contenderData);
        }

        /// <summary>The lock's directory.</summary>
        public string Path { get; }

        /// <summary>The shared side.</summary>
        public DistributedLock ReadLock { get; }

        /// <summary>The exclusive side.</summary>
        public DistributedLock WriteLock { get; }
    }
}
