namespace PSZookeeper.Core
{
    /// <summary>What kind of znode a node is, as far as its Stat tells (a sequential node is a plain name once created).</summary>
    internal enum ZKNodeMode
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
}
