using System.Collections.Generic;
using System.Management.Automation;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// <para type="synopsis">Lists the farm's live workers with their capacity and how many tasks each holds now.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ZKWorker")]
    [OutputType(typeof(PSObject))]
    public sealed class GetZKWorkerCommand : SubmitterCmdlet
    {
        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            var paths = new FarmPaths(Root);
            ZooKeeperClient client = ResolveSession(Session).Client;
            IReadOnlyList<string> names;
            try
            {
                names = Await(client.GetChildrenAsync(paths.Workers));
            }
            catch (NoNodeException)
            {
                return;
            }
            foreach (string name in names)
            {
                try
                {
                    WorkerInfo info = FarmJson.Read<WorkerInfo>(Await(client.GetDataAsync(paths.Worker(name))).Data, paths.Worker(name));
                    int running = Await(client.GetChildrenAsync(paths.WorkerAssignments(name))).Count;
                    var row = new PSObject();
                    row.Properties.Add(new PSNoteProperty("Name", info.Id));
                    row.Properties.Add(new PSNoteProperty("Host", info.Host));
                    row.Properties.Add(new PSNoteProperty("Pid", info.Pid));
                    row.Properties.Add(new PSNoteProperty("Capacity", info.Capacity));
                    row.Properties.Add(new PSNoteProperty("Running", running));
                    row.Properties.Add(new PSNoteProperty("Labels", info.Labels.ToArray()));
                    row.Properties.Add(new PSNoteProperty("Started", info.Started.LocalDateTime));
                    WriteObject(row);
                }
                catch (NoNodeException)
                {
                    // Left while listing.
                }
            }
        }
    }
}
