using System.Management.Automation;

namespace PSZookeeper.Provider
{
    /// <summary>New-Item's parameters for a znode (the mode is -ItemType).</summary>
    public sealed class ZKNewItemParameters
    {
        /// <summary>Time to live in milliseconds: a TTL node (the server needs extendedTypesEnabled).</summary>
        [Parameter]
        [ValidateRange(1, 0xFF_FFFF_FFFFL)]
        public long Ttl { get; set; }

        /// <summary>ACL entries such as 'world:anyone:r' or 'digest:user:hash:cdrwa'.</summary>
        [Parameter]
        public object[]? Acl { get; set; }
    }

    /// <summary>Copy-Item, Move-Item and Rename-Item's parameter for a znode subtree.</summary>
    public sealed class ZKTransferParameters
    {
        /// <summary>Accept a level-by-level (non-atomic) copy when the subtree does not fit in one transaction.</summary>
        [Parameter]
        public SwitchParameter AllowNonAtomic { get; set; }
    }
}
