using System;
using System.Collections.Generic;
using System.Management.Automation;
using PSZookeeper.Core.Trees;
using PSZookeeper.Framework;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// Remove-ZKNode: deletes a znode (zkCli delete [-v version]); -Recurse deletes the subtree
    /// (deleteall) with a progress bar. A single delete is Medium impact; a recursive one is High
    /// impact, so it asks first unless -Force, -Confirm:$false or $ConfirmPreference = 'None'.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "ZKNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveZKNodeCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string[] Path { get; set; } = new string[0];

        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>With -Recurse: delete without asking (a recursive delete is High impact).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

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
                    string action = $"Remove znode and its {tree.Count - 1} descendants";
                    if (!ShouldProcess(path, action) || !ConfirmHighImpact(path, action))
                    {
                        return;
                    }
                    TreeDeletion.DeleteTree(this, session.Client, path, tree, "Removing " + path);
                }, path);
            }
        }

        /// <summary>
        /// The prompt a High-impact cmdlet would give, for the recursive delete only (ConfirmImpact
        /// is one value per cmdlet, and a single delete stays Medium): skipped with -Force, after
        /// -Confirm's own prompt, with -Confirm:$false, and when $ConfirmPreference is None. At
        /// Low or Medium, ShouldProcess has asked already; only High is left to ask here.
        /// </summary>
        private bool ConfirmHighImpact(string path, string action)
        {
            if (Force || MyInvocation.BoundParameters.ContainsKey("Confirm"))
            {
                return true;
            }
            if (!LanguagePrimitives.TryConvertTo(GetVariableValue("ConfirmPreference"), out ConfirmImpact threshold))
            {
                threshold = ConfirmImpact.High; // PowerShell's default
            }
            if (threshold != ConfirmImpact.High)
            {
                return true;
            }
            return ShouldContinue($"{action}: {path}?", "Confirm recursive delete");
        }
    }
}
