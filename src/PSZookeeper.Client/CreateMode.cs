namespace PSZookeeper.Client
{
    /// <summary>How a znode is created. The values are the wire flags.</summary>
    public enum CreateMode
    {
        /// <summary>Stays until deleted.</summary>
        Persistent = 0,
        /// <summary>Deleted when the creating session ends.</summary>
        Ephemeral = 1,
        /// <summary>Persistent, with a monotonically increasing 10-digit suffix.</summary>
        PersistentSequential = 2,
        /// <summary>Ephemeral, with a monotonically increasing 10-digit suffix.</summary>
        EphemeralSequential = 3,
        /// <summary>Deleted by the server once its last child is deleted.</summary>
        Container = 4,
        /// <summary>Deleted by the server when unmodified and childless for its TTL.</summary>
        PersistentWithTtl = 5,
        /// <summary>Sequential, with a TTL.</summary>
        PersistentSequentialWithTtl = 6,
    }

    /// <summary>Queries on <see cref="CreateMode"/>.</summary>
    public static class CreateModeExtensions
    {
        /// <summary>True when the server appends a sequence number.</summary>
        public static bool IsSequential(this CreateMode mode) =>
            mode == CreateMode.PersistentSequential || mode == CreateMode.EphemeralSequential ||
            mode == CreateMode.PersistentSequentialWithTtl;

        /// <summary>True when the node dies with its session.</summary>
        public static bool IsEphemeral(this CreateMode mode) =>
            mode == CreateMode.Ephemeral || mode == CreateMode.EphemeralSequential;

        /// <summary>True for the TTL modes.</summary>
        public static bool IsTtl(this CreateMode mode) =>
            mode == CreateMode.PersistentWithTtl || mode == CreateMode.PersistentSequentialWithTtl;
    }
}
