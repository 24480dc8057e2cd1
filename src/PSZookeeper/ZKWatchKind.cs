namespace PSZookeeper
{
    /// <summary>What a Register-ZKWatch subscription reports.</summary>
    public enum ZKWatchKind
    {
        /// <summary>Every event on the node: created, deleted, data and children changed.</summary>
        All,
        /// <summary>Data changes, creation and deletion of the node, with the new data.</summary>
        Data,
        /// <summary>Children changes, with the names added and removed.</summary>
        Children,
        /// <summary>Creation and deletion of the node.</summary>
        Exists,
        /// <summary>Created, deleted and data-changed events anywhere in the subtree.</summary>
        Recursive,
    }
}
