namespace PSZookeeper
{
    /// <summary>What New-ZKCache keeps a copy of.</summary>
    public enum ZKCacheKind
    {
        /// <summary>One node.</summary>
        Node,

        /// <summary>A node's children.</summary>
        Children,

        /// <summary>A subtree (to -Depth levels).</summary>
        Tree,
    }
}
