using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Recipes.Internal
{
    /// <summary>The outcome of claiming a fixed-name ephemeral node.</summary>
    internal enum ClaimOutcome
    {
        /// <summary>The node is ours (created now, or by our own attempt whose reply was lost).</summary>
        Ours,

        /// <summary>Another session holds it.</summary>
        Taken,

        /// <summary>The parent is gone.</summary>
        NoParent,
    }

    /// <summary>
    /// Protection for fixed-name ephemeral nodes (queue claims): a retry after a lost reply meets
    /// NodeExists, and the node's owner tells whether our own first attempt made it.
    /// </summary>
    internal static class ExclusiveEphemeral
    {
        public static async Task<ClaimOutcome> ClaimAsync(ConnectionMonitor monitor, string path, byte[]? data, CancellationToken cancellationToken)
        {
            // Set once a create's reply was lost: only then can NodeExists mean our own node.
            bool uncertain = false;
            while (true)
            {
                try
                {
                    await Retrying.RunAsync(monitor, path, async () =>
                    {
                        try
                        {
                            await monitor.Client.CreateAsync(path, data, null, CreateMode.Ephemeral).ConfigureAwait(false);
                        }
                        catch (ZooKeeperException ex) when (ex.IsTransient)
                        {
                            uncertain = true;
                            throw;
                        }
                    }, cancellationToken).ConfigureAwait(false);
                    return ClaimOutcome.Ours;
                }
                catch (NoNodeException)
                {
                    return ClaimOutcome.NoParent;
                }
                catch (NodeExistsException) when (!uncertain)
                {
                    return ClaimOutcome.Taken;
                }
                catch (NodeExistsException)
                {
                    // Ours or another's: the owner decides.
                }
                Stat? stat = await Retrying.RunAsync(monitor, path, () => monitor.Client.ExistsAsync(path), cancellationToken).ConfigureAwait(false);
                if (stat != null)
                {
                    return stat.EphemeralOwner == monitor.Client.SessionId ? ClaimOutcome.Ours : ClaimOutcome.Taken;
                }
                uncertain = false;
            }
        }
    }
}
