using System.Management.Automation;
using PSZookeeper.Core.Trees;

namespace PSZookeeper.Commands.Trees
{
    /// <summary>
    /// Copy-ZKNode and Move-ZKNode: a subtree to a new path, in one transaction when it fits in one
    /// request (jute.maxbuffer); a larger one only with -AllowNonAtomic. Copy-Item and Move-Item in
    /// a ZooKeeper drive run the same code (TreeCopier).
    /// </summary>
    public abstract class TreeTransferCmdlet : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>The new path of the subtree's root (its parent must exist; it must not).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        [ValidateNotNullOrEmpty]
        public string Destination { get; set; } = string.Empty;

        /// <summary>Accept a level-by-level copy when the subtree does not fit in one transaction.</summary>
        [Parameter]
        public SwitchParameter AllowNonAtomic { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected abstract bool IsMove { get; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Try(() =>
            {
                if (!ShouldProcess($"{Path} -> {Destination}", IsMove ? "Move znode tree" : "Copy znode tree"))
                {
                    return;
                }
                ZKTreeCopyResult result = TreeCopier.Copy(this, session.Client, Path, Destination, recurse: true, IsMove, AllowNonAtomic);
                WriteVerbose($"{(IsMove ? "Moved" : "Copied")} {result.Count} znodes from {Path} to {Destination}{(result.Atomic ? " in one transaction" : " level by level")}.");
                if (PassThru)
                {
                    WriteObject(result);
                }
            }, Path);
        }
    }

    /// <summary>Copy-ZKNode: copies a subtree (data, modes, ACLs; ephemeral nodes left out with a warning).</summary>
    [Cmdlet(VerbsCommon.Copy, "ZKNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(ZKTreeCopyResult))]
    public sealed class CopyZKNodeCommand : TreeTransferCmdlet
    {
        protected override bool IsMove => false;
    }

    /// <summary>Move-ZKNode: moves a subtree; a change to the source meanwhile makes the transaction fail as a whole.</summary>
    [Cmdlet(VerbsCommon.Move, "ZKNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZKTreeCopyResult))]
    public sealed class MoveZKNodeCommand : TreeTransferCmdlet
    {
        protected override bool IsMove => true;
    }
}
