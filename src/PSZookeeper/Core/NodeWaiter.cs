using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;

namespace PSZookeeper
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
                WatchedEvent e = await WithCancellation(fired.Task, cancellationToken).ConfigureAwait(false);
                if (condition == ZKWaitCondition.Changed && e.Type != EventType.None)
                {
                    return e;
                }
                // Exists / Deleted: check again (a session event wakes us too, and then exists() throws).
            }
        }

        /// <summary>Awaits a task until it completes or the token is cancelled.</summary>
        public static async Task<T> WithCancellation<T>(Task<T> task, CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled || task.IsCompleted)
            {
                return await task.ConfigureAwait(false);
            }
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
            {
                if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }
            return await task.ConfigureAwait(false);
        }
    }
}
