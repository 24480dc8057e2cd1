using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Framework;

namespace PSZookeeper.Recipes.Internal
{
    /// <summary>
    /// The one contender mechanism of locks, read/write locks, semaphores and leader election:
    /// queue a protected ephemeral-sequential node, list the contenders in sequence order, and
    /// wait herd-free for the turn (<see cref="TurnWaiter"/>). A contender that gives up (timeout,
    /// cancellation, failure) deletes its node so it never blocks those queued after it.
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

        /// <summary>The contenders in <paramref name="dir"/> that <paramref name="accept"/> takes, in queue order; none when it does not exist.</summary>
        public static async Task<List<SequencedName>> OrderedAsync(ConnectionMonitor monitor, string dir, Func<string, bool> accept,
            CancellationToken cancellationToken, Deadline? deadline = null, Action<WatchedEvent>? watcher = null)
        {
            IReadOnlyList<string>? children = await ZNodes.ChildrenAsync(monitor, dir, cancellationToken, deadline, watcher).ConfigureAwait(false);
            return SequencedName.Order(children ?? Array.Empty<string>(), accept);
        }

        /// <summary>The contenders' node names in queue order (the holder or leader first).</summary>
        public static async Task<IReadOnlyList<string>> ListAsync(ConnectionMonitor monitor, string dir, Func<string, bool> accept,
            CancellationToken cancellationToken)
        {
            var names = new List<string>();
            foreach (SequencedName name in await OrderedAsync(monitor, dir, accept, cancellationToken).ConfigureAwait(false))
            {
                names.Add(name.Name);
            }
            return names;
        }

        /// <summary>Joins and waits for the turn; null when the deadline passes first.</summary>
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
