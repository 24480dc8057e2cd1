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
        /// One-shot watches left on the path keep working when a persistent watch goes.
        /// </summary>
        /// <exception cref="NoWatcherException">No such watch is armed on the path.</exception>
        public async Task RemoveWatchesAsync(string path, WatcherType type, Action<WatchedEvent>? watcher = null, bool local = false)
        {
            ZNodePath.Validate(path);
            WatchManager watches = _session.Watches;
            if (!watches.Contains(path, type, watcher))
            {
                throw ZooKeeperException.Create(ErrorCode.NoWatcher, path, "No such watch is armed by this client.");
            }
            bool endsPersistent = false;
            PendingRequest<bool>? removal = null;
            if (!local)
            {
                // The server removes a whole table's entry for the path, whatever its mode. So it is
                // only asked to remove what no remaining callback needs: while a persistent watch
                // stays, one-shots on the path ride on it and are removed here alone; and when the
                // persistent watch goes, the one-shots that rode on it are re-armed afterwards.
                bool keepsPersistent = watches.KeepsPersistent(path, type, watcher);
                endsPersistent = watches.HasPersistent(path) && !keepsPersistent;
                bool serverKeeps = keepsPersistent || (!endsPersistent && watcher != null && watches.HasOthers(path, type, watcher));
                removal = new PendingRequest<bool>(serverKeeps ? OpCode.CheckWatches : OpCode.RemoveWatches,
                    new PathIntRequest(ToServerPath(path), (int)type), path, Responses.Empty);
                await Send(removal).ConfigureAwait(false);
            }
            foreach (var removed in watches.Remove(path, type, watcher))
            {
                Dispatch(removed.Value, RemovedEventType(removed.Key), path);
            }
            if (endsPersistent)
            {
                await RearmOneShotsAsync(path, removal!.ReplyZxid).ConfigureAwait(false);
            }
        }

        /// <summary>Asks the server whether it holds a watch of the type on the path for this session.</summary>
        /// <exception cref="NoWatcherException">It holds none.</exception>
        public Task CheckWatchesAsync(string path, WatcherType type)
        {
            ZNodePath.Validate(path);
            return Send(new PendingRequest<bool>(OpCode.CheckWatches, new PathIntRequest(ToServerPath(path), (int)type), path, Responses.Empty));
        }

        /// <summary>
        /// Arms the one-shots that rode on a persistent watch the server has just dropped as
        /// one-shots of their own. A change between the removal (at <paramref name="removedAt"/>)
        /// and the re-arming read shows in the read's Stat, and the one-shot it concerns fires here.
        /// </summary>
        private async Task RearmOneShotsAsync(string path, long removedAt)
        {
            WatchManager watches = _session.Watches;
            if (watches.Contains(path, WatcherType.Data, null))
            {
                Stat? now = await Send(new ReadRequest<Stat?>(OpCode.Exists, ToServerPath(path), true, path,
                    (ref Jute.JuteReader r) => Stat.Read(ref r), null, ErrorCode.NoNode)).ConfigureAwait(false);
                DispatchMissed(watches.TakeMissed(path, WatcherType.Data, now, removedAt), path);
            }
            if (watches.Contains(path, WatcherType.Children, null))
            {
                Stat? now;
                try
                {
                    now = (await Send(new ReadRequest<ChildrenWithStat>(ChildrenOp(true), ToServerPath(path), true, path,
                        Responses.GetChildren2)).ConfigureAwait(false)).Stat;
                }
                catch (NoNodeException)
                {
                    now = null;
                }
                DispatchMissed(watches.TakeMissed(path, WatcherType.Children, now, removedAt), path);
            }
        }

        private void DispatchMissed(List<KeyValuePair<Action<WatchedEvent>, EventType>> missed, string path)
        {
            foreach (var pair in missed)
            {
                Dispatch(pair.Key, pair.Value, path);
            }
        }

        private void Dispatch(Action<WatchedEvent> callback, EventType type, string path)
        {
            var e = new WatchedEvent(type, KeeperState.SyncConnected, path);
            _session.Dispatcher.Enqueue(() => callback(e));
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
