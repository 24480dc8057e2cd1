using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Recipes.Internal
{
    /// <summary>
    /// Picks the node a contender must wait for, from the contenders ordered by sequence and its
    /// own index; null when it is the contender's turn.
    /// </summary>
    internal delegate string? BlockerRule(List<SequencedName> ordered, int myIndex);

    /// <summary>
    /// The herd-free wait shared by locks, read/write locks, semaphores and elections: each
    /// contender watches only the one node that blocks it (its predecessor, or for a reader the
    /// nearest writer before it), so a release wakes one waiter, not all of them. The watch is a
    /// data watch (getData), which, unlike exists, leaves no watch behind on a node that is
    /// already gone.
    /// </summary>
    internal static class TurnWaiter
    {
        /// <summary>The predecessor of any kind blocks (exclusive locks, writers, elections).</summary>
        public static readonly BlockerRule Predecessor = (ordered, index) => index == 0 ? null : ordered[index - 1].Name;

        /// <summary>
        /// Waits until <paramref name="rule"/> finds no blocker for <paramref name="myName"/>.
        /// Returns false when the deadline passes first.
        /// </summary>
        /// <exception cref="SessionLostException">The session ended.</exception>
        /// <exception cref="RecipeNodeRemovedException">Our node was deleted by someone else.</exception>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public static async Task<bool> WaitAsync(ConnectionMonitor monitor, string parent, string myName, Func<string, bool> accept,
            BlockerRule rule, Deadline deadline, CancellationToken cancellationToken, WakeCounter? wakes)
        {
            var watch = new WatchSignal(wakes);
            string? armedOn = null;
            bool armedFired = true;
            try
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (_, change) = monitor.Snapshot();
                    IReadOnlyList<string>? children = await ZkNodes.ChildrenAsync(monitor, parent, cancellationToken, deadline).ConfigureAwait(false);
                    List<SequencedName> ordered = SequencedName.Order(children ?? Array.Empty<string>(), accept);
                    int index = SequencedName.IndexOf(ordered, myName);
                    if (index < 0)
                    {
                        throw monitor.IsLost ? (Exception)monitor.LostError(parent) : new RecipeNodeRemovedException(ZkNodes.Join(parent, myName));
                    }
                    string? blocker = rule(ordered, index);
                    if (blocker == null)
                    {
                        return true;
                    }
                    string blockerPath = ZkNodes.Join(parent, blocker);
                    Task fired = watch.Arm();
                    try
                    {
                        await Retrying.RunAsync(monitor, blockerPath, () => monitor.Client.GetDataAsync(blockerPath, watch.Callback), cancellationToken, deadline).ConfigureAwait(false);
                    }
                    catch (NoNodeException)
                    {
                        continue;
                    }
                    armedOn = blockerPath;
                    armedFired = false;
                    if (!await WaitForWakeAsync(monitor, fired, change, deadline, cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }
                    armedFired = fired.IsCompleted;
                }
            }
            finally
            {
                if (armedOn != null && !armedFired)
                {
                    // Timed out, cancelled or failed while watching: do not leave the watch armed.
                    watch.Disarm(monitor, armedOn, WatcherType.Data);
                }
            }
        }

        /// <summary>
        /// Waits for the watch, a reconnect (re-read: the blocker may have gone while we were
        /// away) or the end of the session. A suspension alone changes nothing: the client re-arms
        /// the watch when it reconnects. False when the deadline passes.
        /// </summary>
        internal static async Task<bool> WaitForWakeAsync(ConnectionMonitor monitor, Task fired, Task<RecipeConnectionState> change,
            Deadline deadline, CancellationToken cancellationToken)
        {
            while (true)
            {
                Task? first = await Waits.AnyAsync(deadline, cancellationToken, fired, change).ConfigureAwait(false);
                if (first == null)
                {
                    return false;
                }
                if (first == fired)
                {
                    return true;
                }
                RecipeConnectionState state = change.Result;
                if (state == RecipeConnectionState.Lost)
                {
                    throw monitor.LostError(null);
                }
                if (state != RecipeConnectionState.Suspended)
                {
                    return true;
                }
                var (now, next) = monitor.Snapshot();
                if (now == RecipeConnectionState.Lost)
                {
                    throw monitor.LostError(null);
                }
                if (now != RecipeConnectionState.Suspended)
                {
                    return true;
                }
                change = next;
            }
        }
    }
}
