using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Recipes.Internal
{
    /// <summary>
    /// One protected create (see <see cref="ProtectedNodes"/>). After a transient failure the create
    /// may or may not have happened, so the next attempt first looks for the GUID among the
    /// parent's children and adopts the node it finds, rather than creating a second one.
    /// </summary>
    internal sealed class ProtectedCreate
    {
        private const int MaxParentRepairs = 5;
        private readonly string _parent;
        private readonly string _prefix;
        private readonly byte[]? _data;
        private readonly CreateMode _mode;
        private readonly IReadOnlyList<Acl>? _acl;
        private readonly CreateMode _parentMode;

        public ProtectedCreate(string parent, string prefix, byte[]? data, CreateMode mode, IReadOnlyList<Acl>? acl, CreateMode parentMode)
        {
            _parent = parent;
            _prefix = prefix;
            _data = data;
            _mode = mode;
            _acl = acl;
            _parentMode = parentMode;
        }

        /// <summary>Creates (or finds again) the node. <paramref name="lookFirst"/>: the id may already be in use.</summary>
        public async Task<ProtectedNode> RunAsync(ConnectionMonitor monitor, Guid id, bool lookFirst, CancellationToken cancellationToken)
        {
            string target = ZNodePath.Join(_parent, ProtectedName.For(id, _prefix));
            ZNodePath.Validate(target, _mode.IsSequential());
            // Three reconnect periods: enough for a failover, short of waiting forever on a dead ensemble.
            Deadline limit = Deadline.After(TimeSpan.FromTicks(Retrying.ReconnectLimit(monitor).Ticks * 3));
            bool mayExist = lookFirst;
            bool sent = false;
            int parentRepairs = 0;
            for (int attempt = 1; ; attempt++)
            {
                // Once a create may have reached the server, finish the job so nothing leaks.
                CancellationToken token = sent ? CancellationToken.None : cancellationToken;
                token.ThrowIfCancellationRequested();
                if (mayExist)
                {
                    ProtectedNode? found = await FindAsync(monitor, _parent, id, token).ConfigureAwait(false);
                    if (found != null)
                    {
                        if (!_mode.IsEphemeral() || found.Stat.EphemeralOwner == monitor.Client.SessionId)
                        {
                            return found;
                        }
                        // An earlier session's node: it would block others until that session times out.
                        await ZNodes.DeleteAsync(monitor, found.Path, found.Stat.Version, token).ConfigureAwait(false);
                        continue;
                    }
                }
                ExceptionDispatchInfo failure;
                try
                {
                    sent = true;
                    CreateResult created = await Retrying.UnlessLostAsync(monitor, target, monitor.Client.CreateWithStatAsync(target, _data, _acl, _mode)).ConfigureAwait(false);
                    Stat stat = created.Stat ?? throw new InvalidOperationException("create2 returned no Stat.");
                    return new ProtectedNode(created.Path, id, stat);
                }
                catch (NoNodeException) when (parentRepairs++ < MaxParentRepairs)
                {
                    // The parent is missing (or a container was reaped): nothing was created.
                    await ZNodes.EnsureAsync(monitor, _parent, _parentMode, token).ConfigureAwait(false);
                    mayExist = false;
                    continue;
                }
                catch (NodeExistsException)
                {
                    // Only a non-sequential name can collide, and only with our own earlier attempt.
                    mayExist = true;
                    continue;
                }
                catch (Exception ex) when (Retrying.IsSessionOver(ex))
                {
                    throw monitor.LostError(_parent, ex);
                }
                catch (ZooKeeperException ex) when (ex.IsTransient)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
                mayExist = true;
                if (monitor.IsLost)
                {
                    throw monitor.LostError(_parent, failure.SourceException);
                }
                if (limit.IsExpired)
                {
                    failure.Throw();
                }
                try
                {
                    await monitor.WaitUntilConnectedAsync(limit, _parent, CancellationToken.None).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    failure.Throw();
                }
                await Retrying.Backoff.DelayAsync(attempt, CancellationToken.None).ConfigureAwait(false);
            }
        }

        public static async Task<ProtectedNode?> FindAsync(ConnectionMonitor monitor, string parent, Guid id, CancellationToken cancellationToken)
        {
            IReadOnlyList<string>? children = await ZNodes.ChildrenAsync(monitor, parent, cancellationToken).ConfigureAwait(false);
            if (children == null)
            {
                return null;
            }
            foreach (string child in children)
            {
                if (ProtectedName.TrySplit(child, out Guid childId, out _) && childId == id)
                {
                    string path = ZNodePath.Join(parent, child);
                    Stat? stat = await Retrying.RunAsync(monitor, path, () => monitor.Client.ExistsAsync(path), cancellationToken).ConfigureAwait(false);
                    return stat == null ? null : new ProtectedNode(path, id, stat);
                }
            }
            return null;
        }
    }
}
