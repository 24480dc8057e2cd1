using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;

namespace PSZookeeper.Recipes.Internal
{
    /// <summary>
    /// Queues for a turn: a protected ephemeral-sequential node, then the herd-free wait. Shared by
    /// locks, read/write locks, the semaphore's gate and leader election. A contender that gives up
    /// (timeout, cancellation, failure) deletes its node so it never blocks those queued after it.
    /// </summary>
    internal static class Contender
    {
        /// <summary>A failure that only says the connection was not there in time.</summary>
        public static bool IsConnectionTrouble(Exception ex) =>
            ex is TimeoutException || (ex is PSZookeeper.Client.Errors.ZooKeeperException zk && zk.IsTransient);

        public static async Task<ProtectedNode> JoinAsync(ConnectionMonitor monitor, string dir, string prefix, byte[]? data,
            CancellationToken cancellationToken, IReadOnlyList<Acl>? acl = null)
        {
            var create = new ProtectedCreate(dir, prefix, data, CreateMode.EphemeralSequential, acl, CreateMode.Container);
            return await create.RunAsync(monitor, Guid.NewGuid(), false, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Joins and waits; null when the deadline passes first.</summary>
        public static async Task<Lease?> AcquireAsync(ConnectionMonitor monitor, string dir, string prefix, byte[]? data,
            Func<string, bool> accept, BlockerRule rule, Deadline deadline, CancellationToken cancellationToken, WakeCounter wakes)
        {
            ProtectedNode node = await JoinAsync(monitor, dir, prefix, data, cancellationToken).ConfigureAwait(false);
            bool won = false;
            try
            {
                won = await TurnWaiter.WaitAsync(monitor, dir, node.Name, accept, rule, deadline, cancellationToken, wakes).ConfigureAwait(false);
                return won ? new Lease(monitor, node) : null;
            }
            catch (Exception ex) when (deadline.IsExpired && IsConnectionTrouble(ex))
            {
                // The connection stayed down past the caller's deadline: that is a timeout too.
                return null;
            }
            finally
            {
                if (!won)
                {
                    await NodeReaper.DeleteNowOrLaterAsync(monitor, node.Path).ConfigureAwait(false);
                }
            }
        }
    }
}
