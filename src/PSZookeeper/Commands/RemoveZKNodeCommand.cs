using System;
using System.Collections.Generic;
using System.Management.Automation;
using PSZookeeper.Core.Trees;
using PSZookeeper.Framework;

namespace PSZookeeper.Commands
{
    /// <summary>Remove-ZKNode: deletes a znode (zkCli delete [-v version]); -Recurse deletes the subtree (deleteall) with a progress bar.</summary>
    [Cmdlet(VerbsCommon.Remove, "ZKNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveZKNodeCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string[] Path { get; set; } = new string[0];

        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>The version expected (-1 for any); taken from a piped node. Not with -Recurse.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int Version { get; set; } = -1;

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            foreach (string path in Path)
            {
                if (path == "/")
                {
                    WriteError(new ErrorRecord(new ArgumentException("The root znode cannot be removed."), "RootNotRemovable",
                        ErrorCategory.InvalidArgument, path));
                    continue;
                }
                Try(() =>
                {
                    if (!Recurse)
                    {
                        if (ShouldProcess(path, "Remove znode"))
                        {
                            Calls(session).Delete(path, Version);
                        }
                        return;
                    }
                    List<string> tree = Calls(session).Repeat(path, "List", () => ZNodeTree.CollectAsync(session.Client, path, -1, StopToken));
                    if (!ShouldProcess(path, $"Remove znode and its {tree.Count - 1} descendants"))
                    {
                        return;
                    }
                    TreeDeletion.DeleteTree(this, session.Client, path, tree, "Removing " + path);
                }, path);
            }
        }
    }
}
