using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// Finds and repairs farm nodes weaker than the model a master or worker with these options
    /// would enforce. Masters and workers refuse such a farm; this is the explicit way to fix it
    /// (each repair can be confirmed first, as -RepairAcl with -WhatIf or -Confirm does).
    /// </summary>
    public static class FarmAudit
    {
        /// <summary>The weak nodes, root first; empty for an open farm (nothing to enforce).</summary>
        public static async Task<IReadOnlyList<WeakNode>> FindWeakNodesAsync(FarmOptions farm, CancellationToken cancellationToken = default)
        {
            using (ZooKeeperClient client = await farm.OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                FarmSecurity security = await farm.ModelAsync(client).ConfigureAwait(false);
                if (security.IsOpen || await client.ExistsAsync(farm.Paths.Root).ConfigureAwait(false) == null)
                {
                    return Array.Empty<WeakNode>();
                }
                return await FarmAcl.FindWeakAsync(client, farm.Paths, security).ConfigureAwait(false);
            }
        }

        /// <summary>Repairs the given weak nodes (their ACL set to the model's; weak assignments removed).</summary>
        public static async Task RepairAsync(FarmOptions farm, IEnumerable<WeakNode> nodes, CancellationToken cancellationToken = default)
        {
            using (ZooKeeperClient client = await farm.OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                FarmSecurity security = await farm.ModelAsync(client).ConfigureAwait(false);
                foreach (WeakNode node in nodes)
                {
                    await FarmAcl.RepairAsync(client, farm.Paths, security, node, farm.Write).ConfigureAwait(false);
                }
            }
        }
    }
}
