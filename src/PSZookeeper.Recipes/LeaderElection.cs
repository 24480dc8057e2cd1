using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Framework;
using PSZookeeper.Recipes.Internal;

namespace PSZookeeper.Recipes
{
    /// <summary>
    /// Leader election among candidates in one directory: each candidate queues a protected
    /// ephemeral-sequential node; the first leads, each other watches only its predecessor. The
    /// leader gets a <see cref="Leadership"/>, a <see cref="Hold"/> with a fencing token. Leadership
    /// ends as every hold does (session lost, node deleted, connection suspended past
    /// <see cref="LeaderElectionOptions.SuspendedGrace"/>) or on demand; after a suspension the
    /// candidate queues on with the same node and leads again, with the same token, if the node
    /// survived. Events are raised in order on a pool thread.
    /// </summary>
    public sealed class LeaderElection : IAsyncDisposable, IDisposable
    {
        private const string Prefix = "n_";
        private readonly ConnectionMonitor _monitor;
        private readonly LeaderElectionOptions _options;
        private readonly EventPump _events = new EventPump();
        private readonly WakeCounter _wakes = new WakeCounter();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly TaskCompletionSource<bool> _stopped = Waits.NewSignal();
        private readonly Task _stopSignal;
        private readonly object _gate = new object();
        private TaskCompletionSource<bool> _relinquishRequest = Waits.NewSignal();
        private TaskCompletionSource<bool> _acquired = Waits.NewSignal();
        private Leadership? _current;
        private ProtectedNode? _candidate;
        private Exception? _failure;
        private Task? _loop;

        /// <summary>Creates a candidate; nothing is sent until <see cref="StartAsync"/>.</summary>
        /// <param name="client">The session.</param>
        /// <param name="path">The election's directory (created, as a container, if missing).</param>
        /// <param name="options">Settings, or null for the defaults.</param>
        public LeaderElection(ZooKeeperClient client, string path, LeaderElectionOptions? options = null)
        {
            ZNodePath.Validate(path);
            _monitor = ConnectionMonitor.For(client);
            Path = path;
            _options = (options ?? new LeaderElectionOptions()).Clone();
            _stopSignal = _stop.Token.AsTask();
            _monitor.Changed += OnConnectionChanged;
        }

        /// <summary>Raised when this candidate becomes leader.</summary>
        public event EventHandler<LeadershipEventArgs>? LeadershipAcquired;

        /// <summary>Raised when this candidate's leadership ends; <see cref="LeadershipEventArgs.Reason"/> says why.</summary>
        public event EventHandler<LeadershipEventArgs>? LeadershipLost;

        /// <summary>Raised when the connection is suspended, comes back, or the session is lost.</summary>
        public event EventHandler<ConnectionStateEventArgs>? ConnectionStateChanged;

        /// <summary>The election's directory.</summary>
        public string Path { get; }

        /// <summary>True while this candidate leads.</summary>
        public bool IsLeader => Leadership != null;

        /// <summary>The current term, or null when not leading.</summary>
        public Leadership? Leadership
        {
            get
            {
                lock (_gate)
                {
                    return _current != null && _current.IsHeld ? _current : null;
                }
            }
        }

        /// <summary>This candidate's node while it queues or leads, else null.</summary>
        public string? CandidatePath => Volatile.Read(ref _candidate)?.Path;

        /// <summary>True between <see cref="StartAsync"/> and the end of the election (stop, or the session lost).</summary>
        public bool IsRunning => _loop != null && !_stopped.Task.IsCompleted;

        /// <summary>Completes when the election ends: stopped, or its session lost (see <see cref="Failure"/>).</summary>
        public Task Completion => _stopped.Task;

        /// <summary>Why the election ended on its own (e.g. <see cref="SessionLostException"/>), or null.</summary>
        public Exception? Failure => Volatile.Read(ref _failure);

        /// <summary>Watch notifications this candidate received while queued (about one per term it waited through).</summary>
        public long WakeUps => _wakes.Count;

        /// <summary>Joins the election; returns once this candidate's node exists.</summary>
        /// <param name="cancellationToken">Stops waiting for the join only; stop the election with <see cref="StopAsync"/>.</param>
        /// <exception cref="SessionLostException">The session ended.</exception>
        public async Task StartAsync(CancellationToken cancellationToken = default)
        {
            var joined = Waits.NewSignal();
            lock (_gate)
            {
                if (_loop != null)
                {
                    throw new RecipeStateException("The election is already started.", Path);
                }
                if (_stop.IsCancellationRequested)
                {
                    throw new ObjectDisposedException(nameof(LeaderElection));
                }
                _loop = Task.Run(() => RunAsync(joined));
            }
            using (cancellationToken.Register(() => joined.TrySetCanceled()))
            {
                await joined.Task.ConfigureAwait(false);
            }
        }

        /// <summary>Waits until this candidate leads; returns the term.</summary>
        /// <exception cref="RecipeTimeoutException">Not leader within the timeout.</exception>
        /// <exception cref="SessionLostException">The session ended.</exception>
        /// <exception cref="RecipeStateException">The election is not running.</exception>
        public async Task<Leadership> WaitForLeadershipAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            Deadline deadline = Deadline.After(timeout);
            while (true)
            {
                Task acquired;
                lock (_gate)
                {
                    if (_current != null && _current.IsHeld)
                    {
                        return _current;
                    }
                    acquired = _acquired.Task;
                }
                if (_loop == null || _stopped.Task.IsCompleted)
                {
                    throw Failure ?? new RecipeStateException("The election is not running.", Path);
                }
                if (await Waits.AnyAsync(deadline, cancellationToken, acquired, _stopped.Task).ConfigureAwait(false) == null)
                {
                    throw new RecipeTimeoutException(Path, timeout);
                }
            }
        }

        /// <summary>
        /// Gives leadership up now (the next candidate takes over) and, unless
        /// <see cref="LeaderElectionOptions.RejoinAfterRelinquish"/> is off, queues again at the back.
        /// Returns false when this candidate was not leading.
        /// </summary>
        public async Task<bool> RelinquishAsync()
        {
            Leadership? term;
            lock (_gate)
            {
                term = _current != null && _current.IsHeld ? _current : null;
                if (term != null)
                {
                    _relinquishRequest.TrySetResult(true);
                }
            }
            if (term == null)
            {
                return false;
            }
            await term.Ended.ConfigureAwait(false);
            await term.HandedOver.ConfigureAwait(false);
            return true;
        }

        /// <summary>The candidates' node names in queue order (the leader first).</summary>
        public Task<IReadOnlyList<string>> GetCandidatesAsync(CancellationToken cancellationToken = default) =>
            Contender.ListAsync(_monitor, Path, IsCandidate, cancellationToken);

        /// <summary>Leaves the election: ends any term (raising LeadershipLost) and deletes this candidate's node.</summary>
        public async Task StopAsync()
        {
            _stop.Cancel();
            Task? loop;
            lock (_gate)
            {
                loop = _loop;
            }
            if (loop != null)
            {
                await loop.ConfigureAwait(false);
            }
            _monitor.Changed -= OnConnectionChanged;
            _events.Complete();
        }

        /// <inheritdoc/>
        public ValueTask DisposeAsync() => new ValueTask(StopAsync());

        /// <summary>Stops, waiting a bounded time; on the client's event thread it only starts stopping.</summary>
        public void Dispose() => SyncDisposal.Run(StopAsync);

        private static bool IsCandidate(string prefix) => prefix == Prefix;

        private void OnConnectionChanged(ConnectionState state) =>
            _events.Post(() => ConnectionStateChanged?.Invoke(this, new ConnectionStateEventArgs(state)));

        private async Task RunAsync(TaskCompletionSource<bool> joined)
        {
            ProtectedNode? node = null;
            Leadership? term = null;
            int failures = 0;
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        if (node == null)
                        {
                            node = await Contender.JoinAsync(_monitor, Path, Prefix, _options.CandidateData, _stop.Token, _options.Acl).ConfigureAwait(false);
                            Volatile.Write(ref _candidate, node);
                            joined.TrySetResult(true);
                        }
                        await TurnWaiter.WaitAsync(_monitor, Path, node.Name, IsCandidate, TurnWaiter.Predecessor, Deadline.None, _stop.Token, _wakes).ConfigureAwait(false);
                        term = new Leadership(_monitor, node, _options.SuspendedGrace);
                        HoldEndReason reason = await LeadAsync(term).ConfigureAwait(false);
                        if (reason == HoldEndReason.Released && !_stop.IsCancellationRequested)
                        {
                            await NodeReaper.DeleteNowOrLaterAsync(_monitor, node.Path).ConfigureAwait(false);
                            node = null;
                            Volatile.Write(ref _candidate, null);
                            if (!_options.RejoinAfterRelinquish)
                            {
                                break;
                            }
                            // Queue again before RelinquishAsync returns, so the caller finds itself at the back.
                            node = await Contender.JoinAsync(_monitor, Path, Prefix, _options.CandidateData, _stop.Token, _options.Acl).ConfigureAwait(false);
                        }
                        else if (reason == HoldEndReason.NodeRemoved)
                        {
                            node = null;
                        }
                        else if (reason == HoldEndReason.Suspended)
                        {
                            // Keep the node: if it survives the reconnect the turn check gives leadership back.
                            await _monitor.WaitUntilConnectedAsync(Deadline.None, Path, _stop.Token).ConfigureAwait(false);
                        }
                        else if (reason == HoldEndReason.SessionLost)
                        {
                            throw _monitor.LostError(Path);
                        }
                        Volatile.Write(ref _candidate, node);
                        term.MarkHandedOver();
                        failures = 0;
                    }
                    catch (RecipeNodeRemovedException)
                    {
                        node = null;
                        Volatile.Write(ref _candidate, null);
                        term?.MarkHandedOver();
                    }
                    catch (SessionLostException ex)
                    {
                        Volatile.Write(ref _failure, ex);
                        joined.TrySetException(ex);
                        node = null;
                        break;
                    }
                    catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                    {
                        break;
                    }
                    catch (Exception ex) when (!joined.Task.IsCompleted)
                    {
                        // Could not even join: report to StartAsync rather than retry unseen.
                        Volatile.Write(ref _failure, ex);
                        joined.TrySetException(ex);
                        break;
                    }
                    catch (Exception ex)
                    {
                        // Whatever ended the last term is over; a relinquisher need not wait for the retry.
                        term?.MarkHandedOver();
                        failures++;
                        Trace.TraceWarning("PSZookeeper.Recipes: election {0} retrying after: {1}", Path, ex.Message);
                        try
                        {
                            await Retrying.Backoff.DelayAsync(failures, _stop.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException)
                        {
                            break;
                        }
                    }
                }
            }
            finally
            {
                if (node != null)
                {
                    await NodeReaper.DeleteNowOrLaterAsync(_monitor, node.Path).ConfigureAwait(false);
                }
                Volatile.Write(ref _candidate, null);
                term?.MarkHandedOver();
                joined.TrySetResult(true);
                _stopped.TrySetResult(true);
            }
        }

        /// <summary>One term: announce it, hold it until something ends it, announce the end.</summary>
        private async Task<HoldEndReason> LeadAsync(Leadership term)
        {
            TaskCompletionSource<bool> acquired;
            Task relinquish;
            lock (_gate)
            {
                _current = term;
                acquired = _acquired;
                _acquired = Waits.NewSignal();
                _relinquishRequest = Waits.NewSignal();
                relinquish = _relinquishRequest.Task;
            }
            acquired.TrySetResult(true);
            _events.Post(() => LeadershipAcquired?.Invoke(this, new LeadershipEventArgs(term, null)));
            if (await Waits.AnyAsync(Deadline.None, CancellationToken.None, term.Ended, relinquish, _stopSignal).ConfigureAwait(false) != term.Ended)
            {
                term.GiveUp();
            }
            HoldEndReason reason = await term.Ended.ConfigureAwait(false);
            if (reason == HoldEndReason.SessionLost)
            {
                // Recorded before anyone hears of the loss, so handlers see why the election ends.
                Volatile.Write(ref _failure, _monitor.LostError(Path));
            }
            // The handlers run before the node goes, so a relinquishing leader finishes before the next one starts.
            Task handled = _events.PostAndWait(() => LeadershipLost?.Invoke(this, new LeadershipEventArgs(term, reason)));
            await Task.WhenAny(handled, Task.Delay(SyncDisposal.Wait)).ConfigureAwait(false);
            return reason;
        }
    }
}
