using PSZookeeper.Client;

namespace PSZookeeper
{
    /// <summary>What kind of znode a node is, as far as its Stat tells (a sequential node is a plain name once created).</summary>
    public enum ZKNodeMode
    {
        /// <summary>Stays until deleted.</summary>
        Persistent,
        /// <summary>Owned by a session; deleted when it ends.</summary>
        Ephemeral,
        /// <summary>Deleted by the server once its last child is gone.</summary>
        Container,
        /// <summary>Deleted by the server when unmodified and childless for its TTL.</summary>
        Ttl,
    }

    /// <summary>
    /// Reads a node's mode from its Stat. The server marks containers and TTL nodes in the
    /// ephemeralOwner field (ZooKeeper's EphemeralType): a container has Long.MIN_VALUE, a TTL
    /// node 0xFF in the top byte, type 0 in the next two bytes and the TTL in the low 40 bits.
    /// </summary>
    public static class ZKNodeModes
    {
        private const long ContainerOwner = long.MinValue;
        private const long ExtendedMask = unchecked((long)0xFF00_0000_0000_0000UL);
        private const long ExtendedTypeMask = 0x00FF_FF00_0000_0000L;
        private const long TtlMask = 0x0000_00FF_FFFF_FFFFL;

        /// <summary>The mode of the node the Stat describes.</summary>
        public static ZKNodeMode Of(Stat stat)
        {
            long owner = stat.EphemeralOwner;
            if (owner == 0)
            {
                return ZKNodeMode.Persistent;
            }
            if (owner == ContainerOwner)
            {
                return ZKNodeMode.Container;
            }
            if ((owner & ExtendedMask) == ExtendedMask && (owner & ExtendedTypeMask) == 0)
            {
                return ZKNodeMode.Ttl;
            }
            return ZKNodeMode.Ephemeral;
        }

        /// <summary>The TTL in milliseconds of a TTL node; 0 for any other node.</summary>
        public static long TtlOf(Stat stat) => Of(stat) == ZKNodeMode.Ttl ? stat.EphemeralOwner & TtlMask : 0;

        /// <summary>The create mode that makes a node of this mode again under the same name.</summary>
        public static CreateMode ToCreateMode(ZKNodeMode mode)
        {
            switch (mode)
            {
                case ZKNodeMode.Ephemeral:
                    return CreateMode.Ephemeral;
                case ZKNodeMode.Container:
                    return CreateMode.Container;
                case ZKNodeMode.Ttl:
                    return CreateMode.PersistentWithTtl;
                default:
                    return CreateMode.Persistent;
            }
        }
    }
}
