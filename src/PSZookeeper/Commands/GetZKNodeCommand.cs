using System.Collections.Generic;
using System.Management.Automation;
using PSZookeeper.Client;
using PSZookeeper.Core.Trees;
using PSZookeeper.Core;
using PSZookeeper.Framework;

namespace PSZookeeper.Commands
{
    /// <summary>Get-ZKNode: a znode's data and Stat as one object (zkCli get -s); -Recurse / -Depth walk the subtree.</summary>
    [Cmdlet(VerbsCommon.Get, "ZKNode")]
    [OutputType(typeof(ZKNode))]
    public sealed class GetZKNodeCommand : ZKCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = { "/" };

        /// <summary>Also return every descendant (breadth-first).</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>How many levels below the path to return (implies -Recurse).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int Depth { get; set; } = -1;

        [Parameter]
        public SwitchParameter AsByteArray { get; set; }

        [Parameter]
        public SwitchParameter AsJson { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            DataFormat format = FormatOf(AsByteArray, AsJson);
            RetriedCalls calls = Calls(session);
            int depth = MyInvocation.BoundParameters.ContainsKey(nameof(Depth)) ? Depth : (Recurse ? -1 : 0);
            foreach (string path in Path)
            {
                Try(() =>
                {
                    if (depth == 0)
                    {
                        NodeData node = calls.Repeat(path, "Read", () => session.Client.GetDataAsync(path));
                        WriteObject(ToNode(path, node.Data, node.Stat, session, format));
                        return;
                    }
                    List<string> paths = calls.Repeat(path, "List", () => ZNodeTree.CollectAsync(session.Client, path, depth, StopToken));
                    TreeListing.Read(this, paths, TreeListing.Activity(path),
                        batch => calls.Repeat(path, "Read", () => ZNodeTree.ReadAsync(session.Client, batch, StopToken)),
                        (node, read) => WriteObject(ToNode(node, read.Data, read.Stat, session, format)));
                }, path);
            }
        }
    }
}
