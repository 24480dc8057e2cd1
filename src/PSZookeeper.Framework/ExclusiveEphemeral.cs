using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Framework
{
    /// <summary>The outcome of claiming a fixed-name ephemeral node.</summary>
    public enum ClaimOutcome
    {
        /// <summary>The node is ours (created now, or by our own attempt whose reply was lost).</summary>
        Ours,

        /// <summary>Another session holds it.</summary>
        Taken,

        /// <summary>The parent is gone.</summary>
        NoParent,
    }

    /// <summary>
    /// Claims a fixed-name ephemeral node (a queue claim, a worker's registration) across
    /// connection loss: a retry after a lost reply meets NodeExists, and the node's owner tells
    /// whether our own first attempt made it.
    /// </summary>
    public static class ExclusiveEphemeral
    {
        /// <summary>Creates the node unless another session holds it.</summary>
        /// <param name="monitor">The session's monitor.</param>
        /// <param name="path">The node.</param>
        /// <param name="data">Its data.</param>
        /// <param name="cancellationToken">Stops waiting for a reconnect.</param>
        /// <param name="acl">Its ACL; null for open.</param>
        /// <returns>Whether the node is ours, taken, or has no parent.</returns>
        /// <exception cref="SessionLostException">The session ended.</exception>
        public static async Task<ClaimOutcome> ClaimAsync(ConnectionMonitor monitor, string path, byte[]? data, CancellationToken cancellationToken,
            System.Collections.Generic.IReadOnlyList<Acl>? acl = null)
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
                            await monitor.Client.CreateAsync(path, data, acl, CreateMode.Ephemeral).ConfigureAwait(false);
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
