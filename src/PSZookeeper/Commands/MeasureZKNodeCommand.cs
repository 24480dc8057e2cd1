using System.Management.Automation;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Commands
{
    /// <summary>Counts of a znode's subtree: its direct children and all its descendants (zkCli getAllChildrenNumber).</summary>
    public sealed class ZKNodeCount
    {
        public ZKNodeCount(string path, int children, int descendants)
        {
            Path = path;
            Children = children;
            Descendants = descendants;
        }

        public string Path { get; }

        /// <summary>Direct children.</summary>
        public int Children { get; }

        /// <summary>Every node below, at any depth.</summary>
        public int Descendants { get; }
    }

    /// <summary>Measure-ZKNode: how many children and descendants a znode has, counted by the server in one request.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "ZKNode")]
    [OutputType(typeof(ZKNodeCount))]
    public sealed class MeasureZKNodeCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string[] Path { get; set; } = new string[0];

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            foreach (string path in Path)
            {
                Try(() =>
                {
                    Task<Stat?> stat = session.Client.ExistsAsync(path);
                    Task<int> descendants = session.Client.GetAllChildrenNumberAsync(path);
                    Stat found = Await(stat) ?? throw new NoNodeException(path);
                    WriteObject(new ZKNodeCount(path, found.NumChildren, Await(descendants)));
                }, path);
            }
        }
    }
}
