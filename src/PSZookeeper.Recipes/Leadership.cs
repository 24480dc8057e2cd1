using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Recipes.Internal;

namespace PSZookeeper.Recipes
{
    /// <summary>Why a leader stopped leading.</summary>
    public enum LeadershipLostReason
    {
        /// <summary>Given up on demand (<see cref="LeaderElection.RelinquishAsync"/>).</summary>
        Relinquished,

        /// <summary>The election was stopped or disposed.</summary>
        Stopped,

        /// <summary>The session ended: the leader node is gone and another candidate may lead.</summary>
        SessionLost,

        /// <summary>
        /// The connection stayed suspended past the safe bound, so the session may expire and another
        /// candidate lead. Leadership is re-checked after the reconnect and comes back with the same
        /// token if the node survived.
        /// </summary>
        Suspended,

        /// <summary>The leader node was deleted by someone else.</summary>
        NodeRemoved,
    }

    /// <summary>One term of leadership, given to the leader.</summary>
    public sealed class Leadership
    {
        private readonly CancellationTokenSource _lost = new CancellationTokenSource();
        private readonly TaskCompletionSource<LeadershipLostReason> _ended =
            new TaskCompletionSource<LeadershipLostReason>(TaskCreationOptions.RunContinuationsAsynchronously);

        private readonly TaskCompletionSource<bool> _handedOver =
            new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        internal Leadership(ProtectedNode node) => Node = node;

        /// <summary>The leader's candidate node.</summary>
        public ProtectedNode Node { get; }

        /// <summary>The path of the leader's candidate node.</summary>
        public string NodePath => Node.Path;

        /// <summary>
        /// The zxid that created the leader node. Later leaders have larger tokens, so a resource
        /// that remembers the largest token it accepted refuses a deposed leader's writes.
        /// </summary>
        public long FencingToken => Node.Stat.Czxid;

        /// <summary>True until the term ends.</summary>
        public bool IsCurrent => !_ended.Task.IsCompleted;

        /// <summary>Cancelled when the term ends.</summary>
        public CancellationToken LostToken => _lost.Token;

        /// <summary>Completes with the reason when the term ends.</summary>
        public Task<LeadershipLostReason> Ended => _ended.Task;

        /// <summary>
        /// A transaction op that fails unless the leader node still exists: put it in front of the
        /// leader's writes (<see cref="ZooKeeperClient.MultiAsync"/>) so they apply only while it leads.
        /// </summary>
        public Op CheckOp() => Op.Check(NodePath, -1);

        /// <inheritdoc/>
        public override string ToString() => $"Leadership({NodePath}, token {FencingToken}{(IsCurrent ? "" : ", ended")})";

        /// <summary>Completes once the election finished with the term (e.g. deleted the node after a relinquish).</summary>
        internal Task HandedOver => _handedOver.Task;

        internal void MarkHandedOver() => _handedOver.TrySetResult(true);

        /// <summary>Ends the term; called on the election's loop (a pool thread), so token callbacks may run inline.</summary>
        internal void End(LeadershipLostReason reason)
        {
            if (_ended.TrySetResult(reason))
            {
                _lost.Cancel();
            }
        }
    }

    /// <summary>Data of <see cref="LeaderElection.LeadershipAcquired"/> and <see cref="LeaderElection.LeadershipLost"/>.</summary>
    public sealed class LeadershipEventArgs : EventArgs
    {
        internal LeadershipEventArgs(Leadership leadership, LeadershipLostReason? reason)
        {
            Leadership = leadership;
            Reason = reason;
        }

        /// <summary>The term that began or ended.</summary>
        public Leadership Leadership { get; }

        /// <summary>Why it ended; null for an acquisition.</summary>
        public LeadershipLostReason? Reason { get; }
    }

    /// <summary>Settings of a <see cref="LeaderElection"/>.</summary>
    public sealed class LeaderElectionOptions
    {
        /// <summary>Data of this candidate's node (e.g. its id), readable by everyone.</summary>
        public byte[]? CandidateData { get; set; }

        /// <summary>
        /// How long leadership survives a suspended connection before it is given up. Null (the
        /// default): a quarter of the negotiated session timeout, short of the soonest the server
        /// could expire a session it stopped hearing from when the socket dropped. Zero gives
        /// leadership up at once on every disconnect. Either way a silent network can let the session
        /// expire before the client notices: guard resources with the fencing token.
        /// </summary>
        public TimeSpan? SuspendedGrace { get; set; }

        /// <summary>The ACL of this candidate's node; null (the default) uses <see cref="Ids.OpenAclUnsafe"/>.</summary>
        public IReadOnlyList<Acl>? Acl { get; set; }

        /// <summary>Queue again (at the back) after relinquishing; default true.</summary>
        public bool RejoinAfterRelinquish { get; set; } = true;

        internal LeaderElectionOptions Clone() => (LeaderElectionOptions)MemberwiseClone();
    }
}
