using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Io;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client
{
    public sealed partial class ZooKeeperClient
    {
        /// <summary>
        /// Sets a watch that stays until removed (ZooKeeper 3.6+). Persistent: data and child events
        /// on the node. PersistentRecursive: created / deleted / data-changed events on the node and
        /// every descendant (no child events). Re-armed automatically after a reconnect.
        /// </summary>
        public Task AddWatchAsync(string path, Action<WatchedEvent> watcher, AddWatchMode mode)
        {
            ZNodePath.Validate(path);
            if (watcher == null)
            {
                throw new ArgumentNullException(nameof(watcher));
            }
            WatchKind kind = mode == AddWatchMode.PersistentRecursive ? WatchKind.PersistentRecursive : WatchKind.Persistent;
            return Send(new PendingRequest<bool>(OpCode.AddWatch, new PathIntRequest(ToServerPath(path), (int)mode), path,
                Responses.Empty, new WatchRegistration(kind, path, watcher)));
        }

        /// <summary>
        /// Removes watches from a path: the given callback, or every callback of the type when
        /// <paramref name="watcher"/> is null. Each removed callback receives a *WatchRemoved event.
        /// With <paramref name="local"/> the server is not asked (use it while disconnected).
        /// </summary>
        /// <exception cref="NoWatcherException">No such watch is armed on the path.</exception>
        public async Task RemoveWatchesAsync(string path, WatcherType type, Action<WatchedEvent>? watcher = null, bool local = false)
        {
            ZNodePath.Validate(path);
            if (!_session.Watches.Contains(path, type, watcher))
            {
                throw ZooKeeperException.Create(ErrorCode.NoWatcher, path, "No such watch is armed by this client.");
            }
            if (!local)
            {
                // One callback of several: the server keeps its watch for the others, so only check it.
                // The last one (or all): the server drops its watch.
                OpCode op = watcher != null && _session.Watches.HasOthers(path, type, watcher) ? OpCode.CheckWatches : OpCode.RemoveWatches;
                await Send(new PendingRequest<bool>(op, new PathIntRequest(ToServerPath(path), (int)type), path, Responses.Empty)).ConfigureAwait(false);
            }
            foreach (var removed in _session.Watches.Remove(path, type, watcher))
            {
                var e = new WatchedEvent(RemovedEventType(removed.Key), KeeperState.SyncConnected, path);
                Action<WatchedEvent> callback = removed.Value;
                _session.Dispatcher.Enqueue(() => callback(e));
            }
        }

        /// <summary>Asks the server whether it holds a watch of the type on the path for this session.</summary>
        /// <exception cref="NoWatcherException">It holds none.</exception>
        public Task CheckWatchesAsync(string path, WatcherType type)
        {
            ZNodePath.Validate(path);
            return Send(new PendingRequest<bool>(OpCode.CheckWatches, new PathIntRequest(ToServerPath(path), (int)type), path, Responses.Empty));
        }

        private static EventType RemovedEventType(WatchKind kind)
        {
            switch (kind)
            {
                case WatchKind.Child:
                    return EventType.ChildWatchRemoved;
                case WatchKind.Persistent:
                case WatchKind.PersistentRecursive:
                    return EventType.PersistentWatchRemoved;
                default:
                    return EventType.DataWatchRemoved;
            }
        }
    }
}
