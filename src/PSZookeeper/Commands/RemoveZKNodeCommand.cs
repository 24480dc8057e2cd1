using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace PSZookeeper.Commands
{
    /// <summary>Remove-ZKNode: deletes a znode (zkCli delete [-v version]); -Recurse deletes the subtree (deleteall) with a progress bar.</summary>
    [Cmdlet(VerbsCommon.Remove, "ZKNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveZKNodeCommand : ZKCmdlet
    {
        private const int ProgressThreshold = 100;

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
                            Await(session.Client.DeleteAsync(path, Version));
                        }
                        return;
                    }
                    List<string> tree = Await(ZKTree.CollectAsync(session.Client, path, -1, StopToken));
                    if (!ShouldProcess(path, $"Remove znode and its {tree.Count - 1} descendants"))
                    {
                        return;
                    }
                    DeleteTree(session, path, tree);
                }, path);
            }
        }

        private void DeleteTree(ZKSession session, string root, List<string> tree)
        {
            // Deepest first; one session's requests run in order, so each batch can be pipelined.
            tree.Reverse();
            var progress = new ProgressRecord(1, "Remove-ZKNode", "Removing " + root);
            int done = 0;
            foreach (IReadOnlyList<string> batch in ZKTree.Batches<string>(tree))
            {
                Await(ZKTree.DeleteBatchAsync(session.Client, batch));
                done += batch.Count;
                if (tree.Count >= ProgressThreshold)
                {
                    progress.PercentComplete = (int)Math.Min(100, done * 100L / tree.Count);
                    progress.StatusDescription = $"{done} of {tree.Count} znodes removed";
                    WriteProgress(progress);
                }
            }
            if (tree.Count >= ProgressThreshold)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
            if (tree.Count > 0 && Await(session.Client.ExistsAsync(root)) != null)
            {
                // Someone added a child meanwhile: walk again.
                DeleteTree(session, root, Await(ZKTree.CollectAsync(session.Client, root, -1, StopToken)));
            }
        }
    }
}
