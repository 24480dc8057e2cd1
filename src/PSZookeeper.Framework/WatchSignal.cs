using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;

namespace PSZookeeper.Framework
{
    /// <summary>
    /// One watch callback for the whole of a wait, re-armed by swapping the signal it completes:
    /// re-registering the same delegate on the same path is de-duplicated by the client, so a
    /// waiter that re-reads after a reconnect never stacks callbacks. The callback only signals:
    /// it runs on the client's event thread, where waiting for a reply would deadlock.
    /// </summary>
    public sealed class WatchSignal
    {
        private readonly WakeCounter? _wakes;
        private TaskCompletionSource<bool> _signal = Waits.NewSignal();

        /// <summary>Creates the signal.</summary>
        /// <param name="wakes">Counts the notifications, or null.</param>
        public WatchSignal(WakeCounter? wakes = null)
        {
            _wakes = wakes;
            Callback = OnEvent;
        }

        /// <summary>The watch callback to pass to the client.</summary>
        public System.Action<WatchedEvent> Callback { get; }

        /// <summary>A fresh signal for the next watch; a stale event can only complete an old one.</summary>
        /// <returns>The signal, completed by the next notification.</returns>
        public Task Arm()
        {
            var fresh = Waits.NewSignal();
            Volatile.Write(ref _signal, fresh);
            return fresh.Task;
        }

        /// <summary>Best effort: takes the callback off the path when a wait ends before it fired.</summary>
        /// <param name="monitor">The session's monitor.</param>
        /// <param name="path">The watched path.</param>
        /// <param name="type">The kind of watch.</param>
        public void Disarm(ConnectionMonitor monitor, string path, WatcherType type)
        {
            if (monitor.IsLost)
            {
                return;
            }
            _ = RemoveAsync(monitor, path, type);
        }

        private static async Task RemoveAsync(ConnectionMonitor monitor, string path, WatcherType type, System.Action<WatchedEvent> callback)
        {
            try
            {
                await monitor.Client.RemoveWatchesAsync(path, type, callback).ConfigureAwait(false);
            }
            catch (System.Exception)
            {
                // Already fired, or the connection is down: then the client dropped it or will see it fire once.
            }
        }

        private Task RemoveAsync(ConnectionMonitor monitor, string path, WatcherType type) => RemoveAsync(monitor, path, type, Callback);

        private void OnEvent(WatchedEvent e)
        {
            if (e.Type == EventType.DataWatchRemoved || e.Type == EventType.ChildWatchRemoved || e.Type == EventType.PersistentWatchRemoved)
            {
                return;
            }
            _wakes?.Increment();
            Volatile.Read(ref _signal).TrySetResult(true);
        }
    }
}
