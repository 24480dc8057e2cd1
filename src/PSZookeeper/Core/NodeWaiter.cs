using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Framework;

namespace PSZookeeper.Core
{
    /// <summary>Waits on one-shot watches for a node condition; never blocks the client's event thread.</summary>
    internal static class NodeWaiter
    {
        /// <summary>Completes when the condition holds; cancelled through <paramref name="cancellationToken"/> (timeouts too).</summary>
        public static async Task<WatchedEvent?> WaitAsync(ZooKeeperClient client, string path, ZKWaitCondition condition, CancellationToken cancellationToken)
        {
            ZNodePath.Validate(path);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var fired = new TaskCompletionSource<WatchedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
                Stat? stat = await client.ExistsAsync(path, e => fired.TrySetResult(e)).ConfigureAwait(false);
                if (condition == ZKWaitCondition.Exists && stat != null)
                {
                    return null;
                }
                if (condition == ZKWaitCondition.Deleted && stat == null)
                {
                    return null;
                }
                await Waits.AnyAsync(Deadline.None, cancellationToken, fired.Task).ConfigureAwait(false);
                WatchedEvent e = await fired.Task.ConfigureAwait(false);
                if (condition == ZKWaitCondition.Changed && e.Type != EventType.None)
                {
                    return e;
                }
                // Exists / Deleted: check again (a session event wakes us too, and then exists() throws).
            }
        }
    }
}
