using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;
using PSZookeeper.Recipes.Internal;

namespace PSZookeeper.Recipes
{
    /// <summary>
    /// A double barrier: <see cref="EnterAsync"/> returns once <see cref="MemberCount"/> participants
    /// have entered; <see cref="LeaveAsync"/> returns once all have left. Participants are protected
    /// ephemeral-sequential nodes, so one that dies leaves. Leaving follows ZooKeeper's recipe: the
    /// lowest waits for the highest, every other leaves and waits for the lowest, so each waits on
    /// one node. One round at a time per path.
    /// </summary>
    public sealed class DistributedDoubleBarrier
    {
        private const string Prefix = "p-";
        private const string ReadyName = "ready";
        private readonly ConnectionMonitor _monitor;
        private readonly byte[]? _data;
        private readonly string _readyPath;
        private ProtectedNode? _node;

        /// <summary>Creates the participant; nothing is sent until it enters.</summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The barrier's directory.</param>
        /// <param name="memberCount">How many participants must enter before anyone proceeds.</param>
        /// <param name="data">This participant's node data, or null.</param>
        public DistributedDoubleBarrier(ZooKeeperClient client, string path, int memberCount, byte[]? data = null)
        {
            ZNodePath.Validate(path);
            if (memberCount < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(memberCount), memberCount, "At least one member.");
            }
            _monitor = ConnectionMonitor.For(client);
            Path = path;
            MemberCount = memberCount;
            _data = data;
            _readyPath = ZNodePath.Join(path, ReadyName);
        }

        /// <summary>The barrier's directory.</summary>
        public string Path { get; }

        /// <summary>How many participants the barrier waits for.</summary>
        public int MemberCount { get; }

        /// <summary>This participant's node while inside, else null.</summary>
        public string? NodePath => Volatile.Read(ref _node)?.Path;

        /// <summary>Enters and waits for the others; false (and not entered) when <paramref name="timeout"/> passed first.</summary>
        /// <exception cref="SessionLostException">The session ended.</exception>
        public async Task<bool> EnterAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            if (Volatile.Read(ref _node) != null)
            {
                throw new RecipeStateException("Already entered.", Path);
            }
            Deadline deadline = Deadline.After(timeout);
            var create = new ProtectedCreate(Path, Prefix, _data, CreateMode.EphemeralSequential, null, CreateMode.Persistent);
            ProtectedNode node = await create.RunAsync(_monitor, Guid.NewGuid(), false, cancellationToken).ConfigureAwait(false);
            bool entered = false;
            var watch = new WatchSignal();
            try
            {
                while (true)
                {
                    var (_, change) = _monitor.Snapshot();
                    Task fired = watch.Arm();
                    // exists sets a creation watch: exactly what is wanted on "ready".
                    Stat? ready = await Retrying.RunAsync(_monitor, _readyPath, () => _monitor.Client.ExistsAsync(_readyPath, watch.Callback), cancellationToken).ConfigureAwait(false);
                    if (ready != null || (await ParticipantsAsync(cancellationToken).ConfigureAwait(false)).Count >= MemberCount)
                    {
                        if (ready == null)
                        {
                            await ZNodes.EnsureAsync(_monitor, _readyPath, CreateMode.Persistent, cancellationToken).ConfigureAwait(false);
                        }
                        entered = true;
                        Volatile.Write(ref _node, node);
                        return true;
                    }
                    if (!await _monitor.WaitForWatchAsync(fired, change, deadline, cancellationToken).ConfigureAwait(false))
                    {
                        watch.Disarm(_monitor, _readyPath, WatcherType.Data);
                        return false;
                    }
                }
            }
            finally
            {
                if (!entered)
                {
                    await NodeReaper.DeleteNowOrLaterAsync(_monitor, node.Path).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Leaves and waits for the others to leave; false when <paramref name="timeout"/> passed first.</summary>
        /// <exception cref="RecipeStateException">Not entered.</exception>
        /// <exception cref="SessionLostException">The session ended.</exception>
        public async Task<bool> LeaveAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            ProtectedNode node = Volatile.Read(ref _node) ?? throw new RecipeStateException("Not entered.", Path);
            Deadline deadline = Deadline.After(timeout);
            var watch = new WatchSignal();
            while (true)
            {
                var (_, change) = _monitor.Snapshot();
                List<SequencedName> present = await ParticipantsAsync(cancellationToken).ConfigureAwait(false);
                int mine = SequencedName.IndexOf(present, node.Name);
                if (present.Count == 0 || (present.Count == 1 && mine == 0))
                {
                    if (mine == 0)
                    {
                        await ZNodes.DeleteAsync(_monitor, node.Path, -1, cancellationToken).ConfigureAwait(false);
                    }
                    // The last one out takes "ready" down, so the next round starts closed.
                    await ZNodes.DeleteAsync(_monitor, _readyPath, -1, cancellationToken).ConfigureAwait(false);
                    Volatile.Write(ref _node, null);
                    return true;
                }
                string awaited;
                if (mine == 0)
                {
                    awaited = present[present.Count - 1].Name;
                }
                else
                {
                    if (mine > 0)
                    {
                        await ZNodes.DeleteAsync(_monitor, node.Path, -1, cancellationToken).ConfigureAwait(false);
                    }
                    awaited = present[0].Name;
                }
                string awaitedPath = ZNodePath.Join(Path, awaited);
                Task fired = watch.Arm();
                try
                {
                    await Retrying.RunAsync(_monitor, awaitedPath, () => _monitor.Client.GetDataAsync(awaitedPath, watch.Callback), cancellationToken).ConfigureAwait(false);
                }
                catch (NoNodeException)
                {
                    continue;
                }
                if (!await _monitor.WaitForWatchAsync(fired, change, deadline, cancellationToken).ConfigureAwait(false))
                {
                    watch.Disarm(_monitor, awaitedPath, WatcherType.Data);
                    return false;
                }
            }
        }

        private static bool IsParticipant(string prefix) => prefix == Prefix;

        private async Task<List<SequencedName>> ParticipantsAsync(CancellationToken cancellationToken)
        {
            IReadOnlyList<string>? children = await ZNodes.ChildrenAsync(_monitor, Path, cancellationToken).ConfigureAwait(false);
            return SequencedName.Order(children ?? Array.Empty<string>(), IsParticipant);
        }
    }
}
