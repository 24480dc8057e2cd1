using System.Management.Automation;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Commands
{
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
