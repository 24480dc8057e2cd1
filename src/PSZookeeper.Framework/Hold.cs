using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Framework
{
    /// <summary>Why a <see cref="Hold"/> ended.</summary>
    public enum HoldEndReason
    {
        /// <summary>Given up by its holder (released, relinquished, stopped).</summary>
        Released,

        /// <summary>The session ended: the node is gone and another process may hold it now.</summary>
        SessionLost,

        /// <summary>
        /// The connection stayed suspended past the grace, so the session may expire and another
        /// process take over. The hold does not come back; whoever made it decides what to do
        /// with the node once connected again.
        /// </summary>
        Suspended,

        /// <summary>The node was deleted by someone else.</summary>
        NodeRemoved,
    }

    /// <summary>
    /// Something a session holds through one ephemeral node: a lock's or semaphore's lease, a
    /// leader's term. One behaviour for all of them: the hold is uncertain while the connection
    /// is suspended and ends (once, never to come back) when the session is lost, when the node is
    /// deleted (a data watch on it, re-checked after a reconnect), when the connection stays
    /// suspended past the grace, or when its holder gives it up. Guard shared resources with
    /// <see cref="FencingToken"/> or <see cref="CheckOp"/>: a silent network can let the session
    /// expire before the client notices.
    /// </summary>
    public abstract class Hold
    {
        private readonly ConnectionMonitor _monitor;
        private readonly TimeSpan _grace;
        private readonly Stat _created;
        private readonly CancellationTokenSource _lost = new CancellationTokenSource();
        private readonly TaskCompletionSource<HoldEndReason> _ended =
            new TaskCompletionSource<HoldEndReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Action<ConnectionState> _onConnectionChange;
        private readonly Action<WatchedEvent> _onNodeEvent;
        private int _suspensions;

        /// <summary>Starts holding; the node must be this session's.</summary>
        /// <param name="monitor">The session's monitor.</param>
        /// <param name="nodePath">The held node.</param>
        /// <param name="created">The node's Stat when it was created.</param>
        /// <param name="suspendedGrace">How long the hold survives a suspended connection; null for <see cref="DefaultGrace"/>, infinite to wait for the session's verdict.</param>
        protected Hold(ConnectionMonitor monitor, string nodePath, Stat created, TimeSpan? suspendedGrace)
        {
            _monitor = monitor ?? throw new ArgumentNullException(nameof(monitor));
            NodePath = nodePath;
            _created = created;
            _grace = suspendedGrace ?? DefaultGrace(monitor);
            _onConnectionChange = OnConnectionChanged;
            _onNodeEvent = OnNodeEvent;
            monitor.Changed += _onConnectionChange;
            ConnectionState state = monitor.State;
            if (state == ConnectionState.Lost)
            {
                End(HoldEndReason.SessionLost);
            }
            else if (state == ConnectionState.Suspended)
            {
                StartGrace();
            }
            else
            {
                ThreadPool.QueueUserWorkItem(_ => _ = WatchNodeAsync());
            }
        }

        /// <summary>The path of the held node.</summary>
        public string NodePath { get; }

        /// <summary>The session's monitor.</summary>
        protected ConnectionMonitor Monitor => _monitor;

        /// <summary>
        /// The zxid that created the node. Later holders have larger tokens, so a resource that
        /// remembers the largest token it accepted refuses the writes of a holder that lost it.
        /// </summary>
        public long FencingToken => _created.Czxid;

        /// <summary>True until the hold ends.</summary>
        public bool IsHeld => !_ended.Task.IsCompleted;

        /// <summary>True when the hold ended for any reason but its holder giving it up.</summary>
        public bool IsLost => _ended.Task.IsCompleted && _ended.Task.Result != HoldEndReason.Released;

        /// <summary>Cancelled (on a pool thread) when the hold ends, for any reason: work it guards stops.</summary>
        public CancellationToken LostToken => _lost.Token;

        /// <summary>Completes with the reason when the hold ends.</summary>
        public Task<HoldEndReason> Ended => _ended.Task;

        /// <summary>
        /// A transaction op that fails unless the node still exists: put it in front of writes
        /// (<see cref="ZooKeeperClient.MultiAsync"/>) so they apply only while the hold lasts.
        /// </summary>
        /// <returns>The check op.</returns>
        public Op CheckOp() => Op.Check(NodePath, -1);

        /// <summary>
        /// The grace a hold survives a suspended connection by default: a quarter of the negotiated
        /// session timeout, short of the soonest the server could expire a session it stopped
        /// hearing from when the socket dropped.
        /// </summary>
        /// <param name="monitor">The session's monitor.</param>
        /// <returns>The grace.</returns>
        public static TimeSpan DefaultGrace(ConnectionMonitor monitor) => TimeSpan.FromTicks(monitor.SessionTimeout.Ticks / 4);

        /// <summary>Ends the hold once; later calls change nothing.</summary>
        /// <param name="reason">Why it ends.</param>
        /// <returns>True when this call ended it.</returns>
        protected bool End(HoldEndReason reason)
        {
            if (!_ended.TrySetResult(reason))
            {
                return false;
            }
            _monitor.Changed -= _onConnectionChange;
            // Token callbacks are user code: keep them off the client's event thread.
            ThreadPool.QueueUserWorkItem(_ => _lost.Cancel());
            OnEnded(reason);
            return true;
        }

        /// <summary>Runs once when the hold ends (on whatever thread ended it: only start work here).</summary>
        /// <param name="reason">Why it ended.</param>
        protected virtual void OnEnded(HoldEndReason reason)
        {
        }

        private void OnConnectionChanged(ConnectionState state)
        {
            // On the event thread: only signal or start work elsewhere.
            Interlocked.Increment(ref _suspensions);
            if (state == ConnectionState.Lost)
            {
                End(HoldEndReason.SessionLost);
            }
            else if (state == ConnectionState.Suspended)
            {
                StartGrace();
            }
            else if (state == ConnectionState.Reconnected)
            {
                ThreadPool.QueueUserWorkItem(_ => _ = WatchNodeAsync());
            }
        }

        private void StartGrace()
        {
            if (_grace == Timeout.InfiniteTimeSpan)
            {
                return;
            }
            int suspension = Volatile.Read(ref _suspensions);
            _ = Task.Delay(_grace).ContinueWith(_ =>
            {
                // Still the same suspension: no transition came since it began.
                if (Volatile.Read(ref _suspensions) == suspension && _monitor.State == ConnectionState.Suspended)
                {
                    End(HoldEndReason.Suspended);
                }
            }, TaskScheduler.Default);
        }

        /// <summary>
        /// Reads the node with a data watch, which reports an outside delete; re-run after each
        /// reconnect and each event. An event alone does not end the hold: a session that closes
        /// sees its own node deleted before it learns it is closed, and the read after the event
        /// then fails as the session ends.
        /// </summary>
        private async Task WatchNodeAsync()
        {
            if (!IsHeld)
            {
                return;
            }
            try
            {
                NodeData node = await _monitor.Client.GetDataAsync(NodePath, _onNodeEvent).ConfigureAwait(false);
                if (node.Stat.Czxid != _created.Czxid)
                {
                    End(HoldEndReason.NodeRemoved);
                }
            }
            catch (NoNodeException)
            {
                End(_monitor.IsLost ? HoldEndReason.SessionLost : HoldEndReason.NodeRemoved);
            }
            catch (Exception ex) when (Retrying.IsSessionOver(ex))
            {
                End(HoldEndReason.SessionLost);
            }
            catch (Exception)
            {
                // Disconnected again: the next reconnect reads again.
            }
        }

        private void OnNodeEvent(WatchedEvent e)
        {
            if (e.Type == EventType.NodeDeleted || e.Type == EventType.NodeDataChanged)
            {
                ThreadPool.QueueUserWorkItem(_ => _ = WatchNodeAsync());
            }
        }
    }
}
