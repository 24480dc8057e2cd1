using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Recipes.Internal
{
    /// <summary>What a contender waits for: nothing (its turn), one node to go, or any contender to leave.</summary>
    internal readonly struct Blocker
    {
        private Blocker(string? node, bool anyLeave)
        {
            Node = node;
            AnyLeave = anyLeave;
        }

        /// <summary>It is the contender's turn.</summary>
        public static Blocker None => default;

        /// <summary>Any contender leaving may be the turn (a semaphore: any lease released frees a slot).</summary>
        public static Blocker AnyContender => new Blocker(null, true);

        /// <summary>The node whose removal may be the turn.</summary>
        public string? Node { get; }

        public bool AnyLeave { get; }

        public bool IsNone => Node == null && !AnyLeave;

        public static Blocker On(string node) => new Blocker(node, false);
    }

    /// <summary>Picks what a contender waits for, from the contenders ordered by sequence and its own index.</summary>
    internal delegate Blocker BlockerRule(List<SequencedName> ordered, int myIndex);

    /// <summary>
    /// The herd-free wait shared by locks, read/write locks, semaphores and elections: a
    /// contender lists the ordered contenders and watches only the one node that blocks it (its
    /// predecessor, or for a reader the nearest writer before it), so a release wakes one waiter,
    /// not all of them. That watch is a data watch (getData), which, unlike exists, leaves no watch
    /// behind on a node that is already gone. A semaphore's one waiter in its gate watches the
    /// contender list instead, since any release frees a slot.
    /// </summary>
    internal static class TurnWaiter
    {
        /// <summary>The predecessor of any kind blocks (exclusive locks, writers, elections).</summary>
        public static readonly BlockerRule Predecessor = (ordered, index) => index == 0 ? Blocker.None : Blocker.On(ordered[index - 1].Name);

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
            bool watchingChildren = false;
            try
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (_, change) = monitor.Snapshot();
                    // The contender list is read without a watch until a blocker needs one: an unneeded child watch would linger.
                    Task fired = watch.Arm();
                    List<SequencedName> ordered = await Contender.OrderedAsync(monitor, parent, accept, cancellationToken, deadline,
                        watchingChildren ? watch.Callback : null).ConfigureAwait(false);
                    int index = SequencedName.IndexOf(ordered, myName);
                    if (index < 0)
                    {
                        throw monitor.IsLost ? (Exception)monitor.LostError(parent) : new RecipeNodeRemovedException(ZNodePath.Join(parent, myName));
                    }
                    Blocker blocker = rule(ordered, index);
                    if (blocker.IsNone)
                    {
                        return true;
                    }
                    if (blocker.AnyLeave && !watchingChildren)
                    {
                        watchingChildren = true;
                        continue;
                    }
                    if (blocker.Node != null)
                    {
                        string blockerPath = ZNodePath.Join(parent, blocker.Node);
                        fired = watch.Arm();
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
                    }
                    if (!await monitor.WaitForWatchAsync(fired, change, deadline, cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }
                    armedFired = fired.IsCompleted;
                }
            }
            finally
            {
                // Timed out, cancelled, failed or done while watching: do not leave a watch armed.
                if (armedOn != null && !armedFired)
                {
                    watch.Disarm(monitor, armedOn, WatcherType.Data);
                }
                if (watchingChildren)
                {
                    watch.Disarm(monitor, parent, WatcherType.Children);
                }
            }
        }
    }
}
