using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Framework;

namespace PSZookeeper.Recipes
{
    /// <summary>
    /// One term of leadership, given to the leader: a <see cref="Hold"/> on the leader's candidate
    /// node, ended as every hold is (session lost, node deleted, suspended past
    /// <see cref="LeaderElectionOptions.SuspendedGrace"/>) or by the election (relinquish, stop).
    /// </summary>
    public sealed class Leadership : Hold
    {
        private readonly TaskCompletionSource<bool> _handedOver = Waits.NewSignal();

        internal Leadership(ConnectionMonitor monitor, ProtectedNode node, TimeSpan? suspendedGrace)
            : base(monitor, node.Path, node.Stat, suspendedGrace)
        {
            Node = node;
        }

        /// <summary>The leader's candidate node.</summary>
        public ProtectedNode Node { get; }

        /// <inheritdoc/>
        public override string ToString() => $"Leadership({NodePath}, token {FencingToken}{(IsHeld ? "" : ", ended")})";

        /// <summary>Completes once the election finished with the term (e.g. deleted the node after a relinquish).</summary>
        internal Task HandedOver => _handedOver.Task;

        internal void MarkHandedOver() => _handedOver.TrySetResult(true);

        /// <summary>Ends the term on the holder's behalf (relinquish, stop).</summary>
        internal void GiveUp() => End(HoldEndReason.Released);
    }

    /// <summary>Data of <see cref="LeaderElection.LeadershipAcquired"/> and <see cref="LeaderElection.LeadershipLost"/>.</summary>
    public sealed class LeadershipEventArgs : EventArgs
    {
        internal LeadershipEventArgs(Leadership leadership, HoldEndReason? reason)
        {
            Leadership = leadership;
            Reason = reason;
        }

        /// <summary>The term that began or ended.</summary>
        public Leadership Leadership { get; }

        /// <summary>Why it ended; null for an acquisition.</summary>
        public HoldEndReason? Reason { get; }
    }

    /// <summary>Settings of a <see cref="LeaderElection"/>.</summary>
    public sealed class LeaderElectionOptions
    {
        /// <summary>Data of this candidate's node (e.g. its id), readable by everyone.</summary>
        public byte[]? CandidateData { get; set; }

        /// <summary>
        /// How long leadership survives a suspended connection before it is given up. Null (the
        /// default): <see cref="Hold.DefaultGrace"/>, a quarter of the negotiated session timeout,
        /// as for every hold. Zero gives leadership up at once on every disconnect. Either way a
        /// silent network can let the session expire before the client notices: guard resources
        /// with the fencing token. After the reconnect the candidate leads again, with the same
        /// token, if its node survived.
        /// </summary>
        public TimeSpan? SuspendedGrace { get; set; }

        /// <summary>The ACL of this candidate's node; null (the default) uses <see cref="Ids.OpenAclUnsafe"/>.</summary>
        public IReadOnlyList<Acl>? Acl { get; set; }

        /// <summary>Queue again (at the back) after relinquishing; default true.</summary>
        public bool RejoinAfterRelinquish { get; set; } = true;

        internal LeaderElectionOptions Clone() => (LeaderElectionOptions)MemberwiseClone();
    }
}
