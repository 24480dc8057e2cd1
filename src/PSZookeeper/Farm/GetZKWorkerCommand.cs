using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client;
using PSZookeeper.Commands;
using PSZookeeper.Core;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// <para type="synopsis">Lists the farm's live workers with their capacity and how many tasks each holds now.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ZKWorker")]
    [OutputType(typeof(ZKWorker))]
    public sealed class GetZKWorkerCommand : SubmitterCmdlet
    {
        /// <summary>Only the workers with these names; wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ZKWorkerNameCompleter))]
        [SupportsWildcards]
        public string[]? Name { get; set; }

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
            foreach (string name in names.Where(n => NameFilter.Matches(Name, n)).OrderBy(n => n, StringComparer.Ordinal))
            {
                try
                {
                    WorkerInfo info = FarmJson.Read<WorkerInfo>(Await(client.GetDataAsync(paths.Worker(name))).Data, paths.Worker(name));
                    int running = Await(client.GetChildrenAsync(paths.WorkerAssignments(name))).Count;
                    WriteObject(new ZKWorker(info, running));
                }
                catch (NoNodeException)
                {
                    // Left while listing.
                }
            }
        }
    }
}
