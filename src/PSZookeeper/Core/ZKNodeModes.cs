using PSZookeeper.Client;

namespace PSZookeeper.Core
{
    /// <summary>
    /// A node's mode as far as a client can know it, and the create mode for each. The 3.8 server
    /// reports the ephemeral owner only for ephemeral nodes: containers and TTL nodes show
    /// ephemeralOwner 0, like persistent ones, so a mode read from a Stat is Ephemeral or
    /// Persistent. Container and Ttl come from an export file written or edited by hand.
    /// </summary>
    internal static class ZKNodeModes
    {
        /// <summary>Ephemeral or Persistent (see the class remarks).</summary>
        public static ZKNodeMode Of(Stat stat) => stat.EphemeralOwner != 0 ? ZKNodeMode.Ephemeral : ZKNodeMode.Persistent;

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
