using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;
using PSZookeeper.Recipes;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// A master candidate. Any number may run; the election picks one active master and the
    /// others wait as backups. The active master rebuilds everything from ZooKeeper, recovers the
    /// tasks of lost workers and assigns queued tasks, each change fenced by its leadership, and
    /// stops at once when it loses the leadership (session lost or connection suspended too long).
    /// Stopped (cancelled), it closes its session first, which gives its leadership to the next
    /// candidate at once.
    /// </summary>
    public sealed class TaskMaster
    {
        /// <summary>A full pass runs at least this often even if no watch fires, as a safety net.</summary>
        public static readonly TimeSpan SafetyInterval = TimeSpan.FromSeconds(2);

        private readonly FarmOptions _farm;

        /// <summary>Creates a candidate named <paramref name="name"/>.</summary>
        public TaskMaster(FarmOptions farm, string name)
        {
            _farm = farm ?? throw new ArgumentNullException(nameof(farm));
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("A master needs a name.", nameof(name));
            }
            Name = name;
        }

        /// <summary>The candidate's name, written to root/master while it is active.</summary>
        public string Name { get; }

        /// <summary>True while this candidate is the active master.</summary>
        public bool IsActive { get; private set; }

        private FarmPaths Paths => _farm.Paths;

        /// <summary>Campaigns, leads when elected, and campaigns again after losing; runs until cancelled.</summary>
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using (FarmSession session = await _farm.ConnectAsync(cancellationToken).ConfigureAwait(false))
                using (var sessionOver = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ConnectionMonitor.For(session.Client).LostToken))
                // Stopping gives leadership up first: closing the session deletes the election node at once, so the
                // next candidate's watch fires while the rest of this master winds down (its pass fails, harmlessly).
                using (cancellationToken.Register(() => Waits.Observe(session.Client.CloseAsync())))
                using (var election = new LeaderElection(session.Client, Paths.Election,
                    new LeaderElectionOptions { CandidateData = Encoding.UTF8.GetBytes(Name), Acl = session.Security.NodeAcl }))
                {
                    ZooKeeperClient client = session.Client;
                    try
                    {
                        await election.StartAsync(sessionOver.Token).ConfigureAwait(false);
                        _farm.Write($"master {Name}: candidate (session 0x{client.SessionId:x})");
                        while (!sessionOver.Token.IsCancellationRequested)
                        {
                            Leadership term = await WaitForTermAsync(election, sessionOver.Token).ConfigureAwait(false);
                            await LeadAsync(session, term, sessionOver.Token).ConfigureAwait(false);
                        }
                    }
                    catch (Exception ex) when (sessionOver.Token.IsCancellationRequested || ex is SessionLostException || ex is SessionExpiredException)
                    {
                        // The session ended or we are stopping: the outer loop decides.
                    }
                }
                if (!cancellationToken.IsCancellationRequested)
                {
                    _farm.Write($"master {Name}: session lost; campaigning again with a new one");
                }
            }
        }

        private static async Task<Leadership> WaitForTermAsync(LeaderElection election, CancellationToken token)
        {
            while (true)
            {
                try
                {
                    return await election.WaitForLeadershipAsync(TimeSpan.FromMinutes(10), token).ConfigureAwait(false);
                }
                catch (RecipeTimeoutException)
                {
                    // Still a backup; keep waiting.
                }
            }
        }

        /// <summary>One term: reconcile on every change under the root until the term ends.</summary>
        private async Task LeadAsync(FarmSession session, Leadership term, CancellationToken stop)
        {
            ZooKeeperClient client = session.Client;
            using (var ended = CancellationTokenSource.CreateLinkedTokenSource(term.LostToken, stop))
            using (var wake = new SemaphoreSlim(0, 1))
            {
                Action<WatchedEvent> kick = _ => wake.Wake();
                try
                {
                    await PublishAsync(session).ConfigureAwait(false);
                    // Said once its name is published: whoever reads the log and then root/master finds this master there.
                    _farm.Write($"master {Name}: active (fencing token {term.FencingToken})");
                    IsActive = true;
                    await client.AddWatchAsync(Paths.Root, kick, AddWatchMode.PersistentRecursive).ConfigureAwait(false);
                    var reconciler = new Reconciler(session, _farm, term.CheckOp());
                    var schedules = new ScheduleFiring(session, _farm, term.CheckOp());
                    while (!ended.IsCancellationRequested)
                    {
                        await PassAsync(reconciler.RunOnceAsync, term).ConfigureAwait(false);
                        await PassAsync(schedules.RunOnceAsync, term).ConfigureAwait(false);
                        await wake.WaitAsync(UntilNextPass(Earliest(reconciler.NextDue, schedules.NextDue)), ended.Token).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ended.IsCancellationRequested && (ex is OperationCanceledException || ex is ObjectDisposedException || ex is ZooKeeperException))
                {
                    // The term ended, or this master is stopping and has closed its session.
                }
                catch (ZooKeeperException ex) when (ex.IsTransient)
                {
                    // Connection trouble: the election decides whether this master still leads.
                }
                finally
                {
                    IsActive = false;
                    await ForgetWatchAsync(client, kick).ConfigureAwait(false);
                }
            }
            HoldEndReason reason = term.Ended.IsCompleted ? await term.Ended.ConfigureAwait(false) : HoldEndReason.Released;
            _farm.Write($"master {Name}: no longer active ({reason})");
        }

        /// <summary>The safety interval, or less when a delayed task or a schedule falls due sooner (no change under the root would wake the master then).</summary>
        private static TimeSpan UntilNextPass(DateTimeOffset? nextDue)
        {
            TimeSpan untilDue = nextDue.HasValue ? nextDue.Value - DateTimeOffset.UtcNow : SafetyInterval;
            return untilDue < SafetyInterval ? (untilDue > TimeSpan.Zero ? untilDue : TimeSpan.FromMilliseconds(1)) : SafetyInterval;
        }

        private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a == null || (b != null && b < a) ? b : a;

        private async Task PassAsync(Func<Task> pass, Leadership term)
        {
            try
            {
                await pass().ConfigureAwait(false);
            }
            catch (ZooKeeperException ex) when (ex.IsTransient)
            {
                // Retried on the next pass.
            }
            catch (ZooKeeperException ex) when (ex.FailedOpIndex == 0 && term.IsHeld)
            {
                _farm.Write($"master {Name}: the fence refused a change ({ex.Code}); waiting for the election to catch up");
            }
        }

        private async Task PublishAsync(FarmSession session)
        {
            byte[] name = Encoding.UTF8.GetBytes(Name);
            try
            {
                await session.Client.SetDataAsync(Paths.Master, name).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                await session.Client.EnsurePathAsync(Paths.Master, name, session.Security.NodeAcl).ConfigureAwait(false);
            }
        }

        private async Task ForgetWatchAsync(ZooKeeperClient client, Action<WatchedEvent> kick)
        {
            try
            {
                await client.RemoveWatchesAsync(Paths.Root, WatcherType.Any, kick, local: client.State != ClientState.Connected).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ZooKeeperException || ex is ObjectDisposedException)
            {
                // Gone with the session anyway.
            }
        }
    }
}
