using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// A worker: registers itself, runs the tasks the master assigns to it (at most
    /// <see cref="Capacity"/> at once) through an executor, keeps each task's files in
    /// outputRoot/name/taskid/, and records the result in the same transaction that gives the
    /// assignment back. When its session expires it registers again with a new one; results
    /// of the lost session are refused by the transaction and discarded. Stopped (cancelled), it
    /// stops its running tasks and hands every task still assigned to it back to the queue
    /// (<see cref="WorkerHandBack"/>) before it closes its session.
    /// </summary>
    public sealed class TaskWorker
    {
        /// <summary>At most this much of a task's output is kept in its status node (the files keep all of it).</summary>
        public const int MaxStatusOutputChars = 4096;

        /// <summary>How many times a result transaction is tried, each after the connection is back.</summary>
        private const int MaxCommitTries = 5;

        private readonly FarmOptions _farm;
        private readonly ITaskExecutor _executor;
        private readonly string _outputRoot;

        /// <summary>Creates a worker named <paramref name="name"/>; it runs only tasks whose labels are all among <paramref name="labels"/>.</summary>
        public TaskWorker(FarmOptions farm, string name, ITaskExecutor executor, int capacity = 1, string? outputRoot = null, IEnumerable<string>? labels = null)
        {
            _farm = farm ?? throw new ArgumentNullException(nameof(farm));
            _executor = executor ?? throw new ArgumentNullException(nameof(executor));
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A worker runs at least one task at a time.");
            }
            Name = name;
            Capacity = capacity;
            _farm.Paths.Worker(name);
            _outputRoot = outputRoot ?? Directory.GetCurrentDirectory();
            Labels = TaskLabels.Normalize(labels, nameof(labels));
        }

        /// <summary>What this worker offers: it runs only tasks whose labels it all has.</summary>
        public IReadOnlyList<string> Labels { get; }

        /// <summary>The worker's name (its node under workers/).</summary>
        public string Name { get; }

        /// <summary>How many tasks it runs at once.</summary>
        public int Capacity { get; }

        private FarmPaths Paths => _farm.Paths;

        /// <summary>Runs until cancelled, re-registering after a session expiry.</summary>
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using (FarmSession session = await _farm.ConnectAsync(cancellationToken).ConfigureAwait(false))
                using (var sessionOver = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ConnectionMonitor.For(session.Client).LostToken))
                {
                    ZooKeeperClient client = session.Client;
                    try
                    {
                        await RegisterAsync(session, sessionOver.Token).ConfigureAwait(false);
                        _farm.Write($"worker {Name} registered (capacity {Capacity}{(Labels.Count == 0 ? "" : ", labels " + string.Join(",", Labels))}, session 0x{client.SessionId:x})");
                        await ServeAsync(session, sessionOver.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (sessionOver.Token.IsCancellationRequested)
                    {
                        // Stopping, or the session ended: the loop decides.
                    }
                    catch (Exception ex) when (ex is SessionExpiredException || ex is SessionLostException)
                    {
                        // Register again below with a new session.
                    }
                    if (cancellationToken.IsCancellationRequested && client.State == ClientState.Connected)
                    {
                        // A clean stop: the running tasks have stopped; give back what is still ours before the session closes.
                        await WorkerHandBack.RunAsync(session, _farm, Name).ConfigureAwait(false);
                    }
                    if (!cancellationToken.IsCancellationRequested)
                    {
                        _farm.Write($"worker {Name} lost its session; registering again");
                    }
                }
            }
        }

        private async Task RegisterAsync(FarmSession session, CancellationToken token)
        {
            ZooKeeperClient client = session.Client;
            await client.EnsurePathAsync(Paths.WorkerAssignments(Name), null, session.Security.NodeAcl).ConfigureAwait(false);
            var info = new WorkerInfo
            {
                Id = Name,
                Host = Environment.MachineName,
                Pid = Process.GetCurrentProcess().Id,
                Capacity = Capacity,
                Started = DateTimeOffset.UtcNow,
                Labels = Labels.ToList(),
            };
            ConnectionMonitor monitor = ConnectionMonitor.For(client);
            while (true)
            {
                ClaimOutcome claim = await ExclusiveEphemeral.ClaimAsync(monitor, Paths.Worker(Name), FarmJson.Write(info), token, session.Security.NodeAcl).ConfigureAwait(false);
                if (claim == ClaimOutcome.NoParent)
                {
                    throw ZooKeeperException.Create(ErrorCode.NoNode, Paths.Workers);
                }
                if (claim == ClaimOutcome.Ours)
                {
                    return;
                }
                // A previous session of this name (a killed process) lingers until it expires.
                var gone = Waits.NewSignal();
                Stat? stat = await client.ExistsAsync(Paths.Worker(Name), _ => gone.TrySetResult(true)).ConfigureAwait(false);
                if (stat != null)
                {
                    _farm.Write($"worker name {Name} is still held by session 0x{stat.EphemeralOwner:x}; waiting for it to expire");
                    await Waits.AnyAsync(Deadline.None, token, gone.Task).ConfigureAwait(false);
                }
            }
        }

        private async Task ServeAsync(FarmSession session, CancellationToken token)
        {
            ZooKeeperClient client = session.Client;
            var running = new ConcurrentDictionary<string, Task>();
            using (var slots = new SemaphoreSlim(Capacity))
            using (var wake = new SemaphoreSlim(0, 1))
            {
                try
                {
                    string folder = Paths.WorkerAssignments(Name);
                    while (!token.IsCancellationRequested)
                    {
                        IReadOnlyList<string> assigned = await Retrying.RunAsync(ConnectionMonitor.For(client), folder,
                            () => client.GetChildrenAsync(folder, _ => wake.Wake()), token).ConfigureAwait(false);
                        foreach (string taskId in assigned)
                        {
                            if (!running.ContainsKey(taskId))
                            {
                                running[taskId] = RunAssignmentAsync(session, taskId, slots, token)
                                    .ContinueWith(_ => running.TryRemove(taskId, out Task? _), TaskScheduler.Default);
                            }
                        }
                        await wake.WaitAsync(token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    await Task.WhenAll(running.Values).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// One attempt of an assigned task: read it, run it, record the outcome. Calls that may be
        /// repeated ride out connection loss; whatever else stops the attempt while the session
        /// lives is recorded as a failed attempt (<see cref="GiveUpAttemptAsync"/>): a worker never
        /// sits on an assignment it is not running, since no one else would ever take it.
        /// </summary>
        private async Task RunAssignmentAsync(FarmSession session, string taskId, SemaphoreSlim slots, CancellationToken token)
        {
            ZooKeeperClient client = session.Client;
            await slots.WaitAsync(token).ConfigureAwait(false);
            string assignment = Paths.Assignment(Name, taskId);
            TaskSpec? spec = null;
            TaskStatusRecord? started = null;
            try
            {
                NodeData? node = await ReadAssignmentAsync(session, taskId, token).ConfigureAwait(false);
                if (node == null)
                {
                    return;
                }
                try
                {
                    spec = FarmJson.Read<TaskSpec>(node.Data, assignment);
                }
                catch (FormatException ex)
                {
                    await CloseInvalidAsync(session, taskId, assignment, node, ex.Message).ConfigureAwait(false);
                    return;
                }
                started = Started(spec);
                string directory = Path.Combine(_outputRoot, Name, taskId);
                Directory.CreateDirectory(directory);
                TaskOutcome? outcome;
                using (var cancelled = new CancellationTokenSource())
                {
                    Action<WatchedEvent> onMark = await WatchForCancellationAsync(client, taskId, cancelled, token).ConfigureAwait(false);
                    (Ending ending, TaskOutcome? finished) = await ExecuteAsync(new TaskContext(taskId, spec, directory), token, cancelled.Token).ConfigureAwait(false);
                    FarmWatches.Forget(client, Paths.CancelMark(taskId), onMark);
                    if (ending == Ending.WorkerStopping)
                    {
                        return;
                    }
                    if (ending == Ending.CancelledBySubmitter)
                    {
                        await RecordCancelledAsync(session, taskId, assignment, started).ConfigureAwait(false);
                        return;
                    }
                    outcome = finished!;
                }
                TaskResultFiles.Write(directory, taskId, Name, spec.Attempt, started.Started, outcome);
                StoredResult? stored = outcome.ResultItems == null ? null
                    : await TaskResultStore.StoreAsync(client, Paths, taskId, spec.Attempt, outcome.ResultItems, _farm.MaxResultBytes, session.Security.NodeAcl).ConfigureAwait(false);
                TaskResultSummary? result = stored?.Summary;
                if (result != null && result.Truncated)
                {
                    _farm.Write($"worker {Name}: {taskId} result cut at the farm's limit: kept {result.ItemsKept} of {result.Items} items ({result.BytesKept} of {result.Bytes} bytes)");
                }
                Op[] commit = outcome.ExitCode == 0
                    ? (stored?.Ops ?? Array.Empty<Op>()).Concat(FarmTransactions.Finish(Paths, taskId, Name, Succeeded(started, outcome, result), session.Security.NodeAcl)).ToArray()
                    : FarmTransactions.AfterFailedAttempt(_farm, taskId, Name, spec, session.Security.NodeAcl, started,
                        Truncate(outcome.Error) ?? $"exit code {outcome.ExitCode}", outcome.ExitCode, Truncate(outcome.Output), stored?.Ops, result);
                if (!await CommitAsync(session, taskId, assignment, commit, $"finished with exit code {outcome.ExitCode}").ConfigureAwait(false)
                    && stored != null && stored.WrittenAhead)
                {
                    await TaskResultStore.DeleteAttemptAsync(client, Paths, taskId, spec.Attempt).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is SessionLostException || Retrying.IsSessionOver(ex))
            {
                _farm.Write($"worker {Name}: {taskId} could not be completed: the session ended; the master recovers it");
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                await GiveUpAttemptAsync(session, taskId, assignment, spec, started, ex).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }

        /// <summary>The assignment's node, once its ACL shows the farm made it; null when it is gone or refused.</summary>
        private async Task<NodeData?> ReadAssignmentAsync(FarmSession session, string taskId, CancellationToken token)
        {
            ZooKeeperClient client = session.Client;
            string assignment = Paths.Assignment(Name, taskId);
            try
            {
                var (node, holds) = await Retrying.RunAsync(ConnectionMonitor.For(client), assignment, async () =>
                {
                    Task<bool> check = FarmAcl.AssignmentHoldsAsync(client, Paths, session.Security, Name, taskId);
                    NodeData data = await client.GetDataAsync(assignment).ConfigureAwait(false);
                    return (data, await check.ConfigureAwait(false));
                }, token).ConfigureAwait(false);
                if (!holds)
                {
                    // Only the farm identity can make a node that passes: anything else may be anyone's code.
                    // Removed, as the master removes such a node from a lost worker, so it holds no slot.
                    _farm.Write($"worker {Name}: REFUSED {assignment}: its ACL or its folders' is weaker than the farm's model; it is not run, and is removed");
                    await ZNodes.DeleteAsync(ConnectionMonitor.For(client), assignment, node.Stat.Version, token).ConfigureAwait(false);
                    return null;
                }
                return node;
            }
            catch (NoNodeException)
            {
                return null;
            }
        }

        /// <summary>
        /// An assignment the farm made that holds no valid task (written by a newer or broken
        /// participant) is never run: it is removed and the task marked failed, saying why.
        /// </summary>
        private async Task CloseInvalidAsync(FarmSession session, string taskId, string assignment, NodeData node, string why)
        {
            ZooKeeperClient client = session.Client;
            string statusPath = Paths.TaskStatus(taskId);
            Stat? statusStat = await Retrying.RunAsync(ConnectionMonitor.For(client), statusPath, () => client.ExistsAsync(statusPath), CancellationToken.None).ConfigureAwait(false);
            var status = new TaskStatusRecord
            {
                State = TaskState.Failed,
                Worker = Name,
                Submitted = node.Stat.Created,
                Finished = DateTimeOffset.UtcNow,
                Error = $"refused by worker {Name}: its assignment holds no valid task ({why})",
            };
            await CommitAsync(session, taskId, assignment, FarmTransactions.Close(Paths, taskId, assignment, node.Stat.Version, statusStat, status, session.Security.NodeAcl),
                "was refused: its assignment holds no valid task").ConfigureAwait(false);
        }

        /// <summary>
        /// An attempt this worker cannot complete (its output folder cannot be made, its result
        /// cannot be recorded, ...) is recorded as failed, as the master records a lost worker's:
        /// retried after its backoff, on any worker, or failed on its last attempt.
        /// </summary>
        private async Task GiveUpAttemptAsync(FarmSession session, string taskId, string assignment, TaskSpec? spec, TaskStatusRecord? started, Exception failure)
        {
            string why = $"{failure.GetType().Name}: {failure.Message}";
            if (spec == null || started == null)
            {
                // Its node could not be read even across reconnects: the session is ending, and the master recovers it then.
                _farm.Write($"worker {Name}: {taskId} could not be read here ({why}); the master recovers it when this session ends");
                return;
            }
            string error = $"worker {Name} could not complete attempt {spec.Attempt} ({why})";
            Op[] ops = FarmTransactions.AfterFailedAttempt(_farm, taskId, Name, spec, session.Security.NodeAcl, started, error, null, null);
            try
            {
                await CommitAsync(session, taskId, assignment, ops, $"could not be completed here ({why}); recorded as a failed attempt").ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ZooKeeperException || ex is SessionLostException)
            {
                _farm.Write($"worker {Name}: {taskId} could not be completed here ({why}) nor recorded as failed ({ex.Message}); the master recovers it if this session ends");
            }
        }

        private enum Ending
        {
            /// <summary>The executor returned an outcome (success, failure or timeout).</summary>
            Finished,
            /// <summary>The worker is stopping: the task stays assigned until the worker hands it back.</summary>
            WorkerStopping,
            /// <summary>A submitter cancelled the running task and the executor stopped it.</summary>
            CancelledBySubmitter,
        }

        /// <summary>Runs the executor under the task's timeout, the worker's stop and a submitter's cancellation.</summary>
        private async Task<(Ending, TaskOutcome?)> ExecuteAsync(TaskContext context, CancellationToken stopping, CancellationToken cancelled)
        {
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancelled))
            {
                limit.CancelAfter(TimeSpan.FromSeconds(context.Spec.TimeoutSeconds));
                try
                {
                    limit.Token.ThrowIfCancellationRequested();
                    return (Ending.Finished, await _executor.ExecuteAsync(context, limit.Token).ConfigureAwait(false));
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return (Ending.WorkerStopping, null);
                }
                catch (OperationCanceledException) when (cancelled.IsCancellationRequested)
                {
                    return (Ending.CancelledBySubmitter, null);
                }
                catch (OperationCanceledException)
                {
                    return (Ending.Finished, new TaskOutcome(-1, string.Empty, $"timed out after {context.Spec.TimeoutSeconds} s"));
                }
                catch (Exception ex)
                {
                    return (Ending.Finished, new TaskOutcome(-1, string.Empty, ex.Message));
                }
            }
        }

        /// <summary>
        /// Cancels <paramref name="cancelled"/> once a submitter's cancellation mark for the task
        /// exists (now, or when it is created). The executor's stop can block (it waits for the
        /// pipeline to stop), so it runs on the pool, never on the client's event thread.
        /// </summary>
        private async Task<Action<WatchedEvent>> WatchForCancellationAsync(ZooKeeperClient client, string taskId, CancellationTokenSource cancelled, CancellationToken token)
        {
            void Cancel() => Task.Run(() =>
            {
                try
                {
                    cancelled.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The task ended first.
                }
            });
            Action<WatchedEvent> onMark = e =>
            {
                if (e.Type == EventType.NodeCreated)
                {
                    Cancel();
                }
            };
            string markPath = Paths.CancelMark(taskId);
            Stat? mark = await Retrying.RunAsync(ConnectionMonitor.For(client), markPath, () => client.ExistsAsync(markPath, onMark), token).ConfigureAwait(false);
            if (mark != null)
            {
                Cancel();
            }
            return onMark;
        }

        /// <summary>Records the task as cancelled while running; refused (and logged) when it was taken away or finished first.</summary>
        private async Task RecordCancelledAsync(FarmSession session, string taskId, string assignment, TaskStatusRecord started)
        {
            var status = new TaskStatusRecord
            {
                State = TaskState.Cancelled,
                Worker = Name,
                Attempt = started.Attempt,
                Error = $"cancelled by a submitter while running on worker {Name}",
                Submitted = started.Submitted,
                SubmittedBy = started.SubmittedBy,
                Started = started.Started,
                Finished = DateTimeOffset.UtcNow,
            };
            await CommitAsync(session, taskId, assignment, FarmTransactions.CancelRunning(Paths, taskId, Name, status, session.Security.NodeAcl), "was cancelled while running; stopped").ConfigureAwait(false);
        }

        /// <summary>The running attempt's record (the status node says Assigned already; the finishing transaction writes it).</summary>
        private TaskStatusRecord Started(TaskSpec spec) => new TaskStatusRecord
        {
            State = TaskState.Assigned,
            Worker = Name,
            Attempt = spec.Attempt,
            Submitted = spec.Submitted,
            SubmittedBy = spec.SubmittedBy,
            Started = DateTimeOffset.UtcNow,
        };

        private static TaskStatusRecord Succeeded(TaskStatusRecord started, TaskOutcome outcome, TaskResultSummary? result) => new TaskStatusRecord
        {
            Result = result,
            State = TaskState.Succeeded,
            Worker = started.Worker,
            Attempt = started.Attempt,
            ExitCode = 0,
            Output = Truncate(outcome.Output),
            Error = string.IsNullOrEmpty(outcome.Error) ? null : Truncate(outcome.Error),
            Submitted = started.Submitted,
            SubmittedBy = started.SubmittedBy,
            Started = started.Started,
            Finished = DateTimeOffset.UtcNow,
        };

        /// <summary>
        /// Applies the result transaction and writes <paramref name="recorded"/> to the log. A
        /// refusal because the assignment is gone means the task was recovered from this worker:
        /// the result is discarded. After a connection loss the outcome is unknown, so it is
        /// decided, once connected again, by whether the assignment still exists. A retry goes
        /// back to its queue bucket, which is made again first if the server removed it once
        /// emptied. Returns false when the result was refused; throws the last connection loss
        /// when every try lost its connection.
        /// </summary>
        private async Task<bool> CommitAsync(FarmSession session, string taskId, string assignment, Op[] commit, string recorded)
        {
            ZooKeeperClient client = session.Client;
            ConnectionMonitor monitor = ConnectionMonitor.For(client);
            Task<bool> StillAssignedAsync() => Retrying.RunAsync(monitor, assignment,
                async () => await client.ExistsAsync(assignment).ConfigureAwait(false) != null, CancellationToken.None);
            bool requeues = QueueBuckets.Requeues(Paths, taskId, commit);
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    await Retrying.RunAsync(monitor, taskId,
                        () => QueueBuckets.EnsureForRequeueAsync(client, Paths, session.Security, taskId, commit), CancellationToken.None).ConfigureAwait(false);
                    await client.MultiAsync(commit).ConfigureAwait(false);
                    _farm.Write($"worker {Name}: {taskId} {recorded}");
                    return true;
                }
                catch (NoNodeException)
                {
                    if (requeues && attempt < MaxCommitTries && await StillAssignedAsync().ConfigureAwait(false))
                    {
                        // Still ours: the bucket went between its check and the transaction; made again above.
                        continue;
                    }
                    _farm.Write($"worker {Name}: {taskId} was taken away from this worker; its result is discarded");
                    return false;
                }
                catch (ZooKeeperException ex) when (ex.IsTransient && attempt < MaxCommitTries)
                {
                    if (!await StillAssignedAsync().ConfigureAwait(false))
                    {
                        // Applied before the reply was lost (or taken away meanwhile: nothing to do either way).
                        return true;
                    }
                }
            }
        }

        private static string? Truncate(string? text) =>
            text == null || text.Length <= MaxStatusOutputChars ? text : text.Substring(0, MaxStatusOutputChars) + "…(truncated)";
    }
}
