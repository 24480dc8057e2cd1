using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Core
{
    /// <summary>Waits on one-shot watches for a node condition; never blocks the client's event thread.</summary>
    internal static class NodeWaiter
    {
        /// <summary>
        /// Completes when the condition holds; cancelled through <paramref name="cancellationToken"/>
        /// (timeouts too). A watch that has not fired when the wait ends is removed, so waits that
        /// end early do not pile watches up on the server.
        /// </summary>
        public static async Task<WatchedEvent?> WaitAsync(ZooKeeperClient client, string path, ZKWaitCondition condition, CancellationToken cancellationToken)
        {
            ZNodePath.Validate(path);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var fired = new TaskCompletionSource<WatchedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
                Action<WatchedEvent> onEvent = e => fired.TrySetResult(e);
                Stat? stat = await client.ExistsAsync(path, onEvent).ConfigureAwait(false);
                if ((condition == ZKWaitCondition.Exists && stat != null) || (condition == ZKWaitCondition.Deleted && stat == null))
                {
                    await ForgetAsync(client, path, onEvent, fired.Task).ConfigureAwait(false);
                    return null;
                }
                try
                {
                    await Waits.AnyAsync(Deadline.None, cancellationToken, fired.Task).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await ForgetAsync(client, path, onEvent, fired.Task).ConfigureAwait(false);
                    throw;
                }
                WatchedEvent e = await fired.Task.ConfigureAwait(false);
                if (condition == ZKWaitCondition.Changed && e.Type != EventType.None)
                {
                    return e;
                }
                // Exists / Deleted: check again (a session event wakes us too, and then exists() throws).
            }
        }

        private static async Task ForgetAsync(ZooKeeperClient client, string path, Action<WatchedEvent> onEvent, Task fired)
        {
            if (fired.IsCompleted)
            {
                return;
            }
            try
            {
                await client.RemoveWatchesAsync(path, WatcherType.Data, onEvent).ConfigureAwait(false);
            }
            catch (NoWatcherException)
            {
                // It fired meanwhile.
            }
            catch (ZooKeeperException)
            {
                // The server cannot be asked now: forget it here, and the server's copy fires once into nothing.
                await RemoveLocallyAsync(client, path, onEvent).ConfigureAwait(false);
            }
        }

        private static async Task RemoveLocallyAsync(ZooKeeperClient client, string path, Action<WatchedEvent> onEvent)
        {
            try
            {
                await client.RemoveWatchesAsync(path, WatcherType.Data, onEvent, local: true).ConfigureAwait(false);
            }
            catch (ZooKeeperException)
            {
                // Fired or gone with the session.
            }
        }
    }
}
