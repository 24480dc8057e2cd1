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
                    var (stat, descendants) = Calls(session).Repeat(path, "Measure", async () =>
                    {
                        // Both requests in flight together.
                        Task<Stat?> exists = session.Client.ExistsAsync(path);
                        Task<int> count = session.Client.GetAllChildrenNumberAsync(path);
                        return (await exists.ConfigureAwait(false), await count.ConfigureAwait(false));
                    });
                    Stat found = stat ?? throw new NoNodeException(path);
                    WriteObject(new ZKNodeCount(path, found.NumChildren, descendants));
                }, path);
            }
        }
    }
}
