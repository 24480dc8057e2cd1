using System;
using PSZookeeper.Client;

namespace PSZookeeper.Core
{
    /// <summary>Maps New-ZKNode's switches to a ZooKeeper create mode.</summary>
    internal static class CreateModes
    {
        /// <summary>The create mode for a combination of switches; ArgumentException for impossible ones.</summary>
        public static CreateMode Resolve(bool ephemeral, bool sequential, bool container, long ttlMilliseconds)
        {
            bool ttl = ttlMilliseconds > 0;
            if (ttlMilliseconds < 0)
            {
                throw new ArgumentException("-Ttl must be a positive number of milliseconds.", nameof(ttlMilliseconds));
            }
            if (container && (ephemeral || sequential || ttl))
            {
                throw new ArgumentException("A container node cannot also be ephemeral, sequential or have a TTL.");
            }
            if (ephemeral && ttl)
            {
                throw new ArgumentException("An ephemeral node cannot have a TTL: it lives as long as its session.");
            }
            if (container)
            {
                return CreateMode.Container;
            }
            if (ttl)
            {
                return sequential ? CreateMode.PersistentSequentialWithTtl : CreateMode.PersistentWithTtl;
            }
            if (ephemeral)
            {
                return sequential ? CreateMode.EphemeralSequential : CreateMode.Ephemeral;
            }
            return sequential ? CreateMode.PersistentSequential : CreateMode.Persistent;
        }
    }
}
