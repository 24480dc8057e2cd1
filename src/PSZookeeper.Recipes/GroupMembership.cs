using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Framework;
using PSZookeeper.Recipes.Caching;
using PSZookeeper.Recipes.Internal;

namespace PSZookeeper.Recipes
{
    /// <summary>
    /// Group membership: join with data (a protected ephemeral-sequential node, gone with the
    /// session), see who is in the group, and get changes as added / removed lists. The view is a
    /// <see cref="ChildrenCache"/>, so after a reconnect it is re-read and what changed meanwhile
    /// is reported; when the session is lost, <see cref="MembershipLost"/> says this member is out.
    /// </summary>
    public sealed class GroupMembership : IAsyncDisposable, IDisposable
    {
        private readonly ConnectionMonitor _monitor;
        private readonly ChildrenCache _view;
        private readonly EventPump _events = new EventPump();
        private readonly object _gate = new object();
        private ProtectedNode? _self;
        private string? _selfId;
        private bool _started;

        /// <summary>Creates the membership; call <see cref="StartAsync"/> to watch and/or <see cref="JoinAsync"/> to join.</summary>
        /// <param name="client">The session.</param>
        /// <param name="groupPath">The group's directory (created if missing).</param>
        public GroupMembership(ZooKeeperClient client, string groupPath)
        {
            ZNodePath.Validate(groupPath);
            _monitor = ConnectionMonitor.For(client);
            Path = groupPath;
            _view = new ChildrenCache(client, groupPath);
            _view.ChangesApplied += OnChangesApplied;
            _monitor.Changed += OnConnectionChanged;
        }

        /// <summary>Raised with the members that joined, left or changed data in one update (including the initial load).</summary>
        public event EventHandler<MembershipChangedEventArgs>? MembersChanged;

        /// <summary>Raised when this member's node is gone: the session was lost, or someone deleted it.</summary>
        public event EventHandler? MembershipLost;

        /// <summary>Raised when the connection is suspended, comes back, or the session is lost.</summary>
        public event EventHandler<ConnectionStateEventArgs>? ConnectionStateChanged;

        /// <summary>The group's directory.</summary>
        public string Path { get; }

        /// <summary>This process's membership node, or null when not joined.</summary>
        public string? SelfPath
        {
            get
            {
                lock (_gate)
                {
                    return _self?.Path;
                }
            }
        }

        /// <summary>The members as last seen (requires <see cref="StartAsync"/>).</summary>
        /// <exception cref="RecipeStateException">Not started.</exception>
        public IReadOnlyList<GroupMember> Members
        {
            get
            {
                if (!_started)
                {
                    throw new RecipeStateException("Call StartAsync before reading Members.", Path);
                }
                return ToMembers(_view.Children);
            }
        }

        /// <summary>Starts watching the group; returns once the members are loaded.</summary>
        public async Task StartAsync(CancellationToken cancellationToken = default)
        {
            await ZNodes.EnsureAsync(_monitor, Path, CreateMode.Persistent, cancellationToken).ConfigureAwait(false);
            _started = true;
            await _view.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Joins the group (once per instance).</summary>
        /// <param name="memberId">The id others see; a valid node-name segment.</param>
        /// <param name="data">The member's data, or null.</param>
        /// <param name="cancellationToken">Cancels before the node is created.</param>
        /// <returns>This member's node path.</returns>
        /// <exception cref="SessionLostException">The session ended.</exception>
        public async Task<string> JoinAsync(string memberId, byte[]? data = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrEmpty(memberId) || memberId.IndexOf('/') >= 0)
            {
                throw new ArgumentException("A member id is a non-empty node-name segment (no '/').", nameof(memberId));
            }
            lock (_gate)
            {
                if (_self != null || _selfId != null)
                {
                    throw new RecipeStateException("This instance already joined; leave first.", Path);
                }
                _selfId = memberId;
            }
            try
            {
                var create = new ProtectedCreate(Path, memberId + "-", data, CreateMode.EphemeralSequential, null, CreateMode.Persistent);
                ProtectedNode node = await create.RunAsync(_monitor, Guid.NewGuid(), false, cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    _self = node;
                }
                return node.Path;
            }
            catch
            {
                lock (_gate)
                {
                    _selfId = null;
                }
                throw;
            }
        }

        /// <summary>Replaces this member's data.</summary>
        /// <exception cref="RecipeStateException">Not joined.</exception>
        public async Task UpdateDataAsync(byte[]? data, CancellationToken cancellationToken = default)
        {
            string path = SelfPath ?? throw new RecipeStateException("Not a member: join first.", Path);
            await Retrying.RunAsync(_monitor, path, () => _monitor.Client.SetDataAsync(path, data), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Leaves the group (deletes this member's node).</summary>
        public async Task LeaveAsync()
        {
            ProtectedNode? self;
            lock (_gate)
            {
                self = _self;
                _self = null;
                _selfId = null;
            }
            if (self != null)
            {
                await NodeReaper.DeleteNowOrLaterAsync(_monitor, self.Path).ConfigureAwait(false);
            }
        }

        /// <summary>Reads the members from the server now (no <see cref="StartAsync"/> needed).</summary>
        public async Task<IReadOnlyList<GroupMember>> ReadMembersAsync(CancellationToken cancellationToken = default)
        {
            IReadOnlyList<string>? names = await ZNodes.ChildrenAsync(_monitor, Path, cancellationToken).ConfigureAwait(false);
            var members = new List<GroupMember>();
            foreach (string name in names ?? Array.Empty<string>())
            {
                string path = ZNodePath.Join(Path, name);
                NodeData? data = await ZNodes.DataAsync(_monitor, path, cancellationToken).ConfigureAwait(false);
                if (data != null)
                {
                    members.Add(new GroupMember(GroupMember.IdOf(name), path, data.Data, data.Stat));
                }
            }
            return members;
        }

        /// <summary>Leaves the group and stops watching.</summary>
        public async ValueTask DisposeAsync()
        {
            await LeaveAsync().ConfigureAwait(false);
            _monitor.Changed -= OnConnectionChanged;
            await _view.DisposeAsync().ConfigureAwait(false);
            _events.Complete();
        }

        /// <summary>Leaves and stops, waiting a bounded time; on the client's event thread it only starts.</summary>
        public void Dispose() => SyncDisposal.Run(() => DisposeAsync().AsTask());

        private static List<GroupMember> ToMembers(IEnumerable<CachedNode> nodes)
        {
            var members = new List<GroupMember>();
            foreach (CachedNode node in nodes)
            {
                members.Add(GroupMember.From(node));
            }
            return members;
        }

        private void OnChangesApplied(IReadOnlyList<CacheChangedEventArgs> changes)
        {
            var added = new List<GroupMember>();
            var removed = new List<GroupMember>();
            var updated = new List<GroupMember>();
            bool selfGone = false;
            string? self = SelfPath;
            foreach (CacheChangedEventArgs change in changes)
            {
                if (change.Path == Path)
                {
                    continue;
                }
                List<GroupMember> into = change.Type == CacheChangeType.Added ? added : change.Type == CacheChangeType.Removed ? removed : updated;
                into.Add(GroupMember.From(change.Node));
                selfGone |= change.Type == CacheChangeType.Removed && change.Path == self;
            }
            if (added.Count + removed.Count + updated.Count > 0)
            {
                var args = new MembershipChangedEventArgs(added, removed, updated, ToMembers(_view.Children));
                _events.Post(() => MembersChanged?.Invoke(this, args));
            }
            if (selfGone && SelfLost(self))
            {
                _events.Post(() => MembershipLost?.Invoke(this, EventArgs.Empty));
            }
        }

        /// <summary>On the client's event thread: only posts.</summary>
        private void OnConnectionChanged(ConnectionState state)
        {
            _events.Post(() => ConnectionStateChanged?.Invoke(this, new ConnectionStateEventArgs(state)));
            if (state == ConnectionState.Lost && SelfLost(SelfPath))
            {
                _events.Post(() => MembershipLost?.Invoke(this, EventArgs.Empty));
            }
        }

        /// <summary>Forgets our node if it is still the one that vanished; true when it was.</summary>
        private bool SelfLost(string? path)
        {
            lock (_gate)
            {
                if (path == null || _self == null || _self.Path != path)
                {
                    return false;
                }
                _self = null;
                _selfId = null;
                return true;
            }
        }
    }
}
