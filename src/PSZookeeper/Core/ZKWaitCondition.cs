namespace PSZookeeper.Core
{
    /// <summary>What Wait-ZKNode waits for.</summary>
    internal enum ZKWaitCondition
    {
        /// <summary>Until the node exists.</summary>
        Exists,
        /// <summary>Until the node does not exist.</summary>
        Deleted,
        /// <summary>Until the node's data changes, or it is created or deleted.</summary>
        Changed,
    }
}
