using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System;
using PSZookeeper.Client;
using PSZookeeper.Core.Trees;
using PSZookeeper.Core;
using PSZookeeper.Framework;

namespace PSZookeeper.Commands
{
    /// <summary>Get-ZKChildItem: the children of a znode as nodes (zkCli ls -s), or names with -Name; -Recurse for all descendants.</summary>
    [Cmdlet(VerbsCommon.Get, "ZKChildItem")]
    [Alias("zkls")]
    [OutputType(typeof(ZKNode), typeof(string))]
    public sealed class GetZKChildItemCommand : ZKCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = { "/" };

        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>Levels of descendants to return (1 = children; implies -Recurse).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Depth { get; set; }

        /// <summary>Return child names only (for children) or relative paths (with -Recurse).</summary>
        [Parameter]
        public SwitchParameter Name { get; set; }

        [Parameter]
        public SwitchParameter AsByteArray { get; set; }

        [Parameter]
        public SwitchParameter AsJson { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            DataFormat format = FormatOf(AsByteArray, AsJson);
            RetriedCalls calls = Calls(session);
            int depth = MyInvocation.BoundParameters.ContainsKey(nameof(Depth)) ? Depth : (Recurse ? -1 : 1);
            foreach (string path in Path)
            {
                Try(() =>
                {
                    List<string> paths;
                    if (depth == 1)
                    {
                        IReadOnlyList<string> children = calls.Repeat(path, "List", () => session.Client.GetChildrenAsync(path));
                        paths = children.OrderBy(c => c, StringComparer.Ordinal).Select(c => ZNodePath.Join(path, c)).ToList();
                    }
                    else
                    {
                        paths = calls.Repeat(path, "List", () => ZNodeTree.CollectAsync(session.Client, path, depth, StopToken)).Skip(1).ToList();
                    }
                    if (Name)
                    {
                        int skip = path == "/" ? 1 : path.Length + 1;
                        WriteObject(paths.Select(p => p.Substring(skip)), enumerateCollection: true);
                        return;
                    }
                    TreeListing.Read(this, paths, TreeListing.Activity(path),
                        batch => calls.Repeat(path, "Read", () => ZNodeTree.ReadAsync(session.Client, batch, StopToken)),
                        (node, read) => WriteObject(ToNode(node, read.Data, read.Stat, session, format)));
                }, path);
            }
        }
    }
}
