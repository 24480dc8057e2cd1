using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Tasks
{
    /// <summary>Submits tasks to the farm, reads their status, waits for results and cancels queued ones.</summary>
    public sealed class TaskSubmitter
    {
        private readonly ZooKeeperClient _client;
        private readonly FarmOptions _farm;

        /// <summary>Uses an open session (authenticated as the farm's submitter when the farm is secured).</summary>
        public TaskSubmitter(ZooKeeperClient client, FarmOptions farm)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _farm = farm ?? throw new ArgumentNullException(nameof(farm));
        }

        private FarmPaths Paths => _farm.Paths;

        /// <summary>
        /// Submissions ride out connection loss for about half a minute: long enough for a
        /// reconnect or a failover, short of hanging on a dead ensemble.
        /// </summary>
        private static readonly RetryPolicy Reconnecting = new RetryPolicy(maxAttempts: 20, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

        /// <summary>
        /// Queues a task exactly once and returns its id (task-&lt;key&gt;-&lt;sequence&gt;). A
        /// connection loss while the task is created is retried inside: the task is looked up by
        /// its submission key before it is created again, so it is never queued twice.
        /// </summary>
        /// <param name="spec">The task.</param>
        /// <param name="idempotencyKey">
        /// Optional. A caller's key for this submission: a task already submitted with the same key
        /// (and still in the farm) is returned instead of a new one, so a script that runs again
        /// after a crash does not submit twice.
        /// </param>
        /// <param name="cancellationToken">Stops waiting for a lost connection to come back.</param>
        /// <exception cref="NoAuthException">The farm is secured and this session is not its submitter.</exception>
        /// <exception cref="ConnectionLossException">No connection came back in time; submit again with the same idempotency key to be sure.</exception>
        public async Task<string> SubmitAsync(TaskSpec spec, string? idempotencyKey = null, CancellationToken cancellationToken = default)
        {
            if (spec == null || string.IsNullOrWhiteSpace(spec.Command))
            {
                throw new ArgumentException("A task needs a command.", nameof(spec));
            }
            if (spec.MaxAttempts < 1 || spec.TimeoutSeconds < 1)
            {
                throw new ArgumentException("MaxAttempts and TimeoutSeconds must be at least 1.", nameof(spec));
            }
            spec.Attempt = 1;
            if (spec.Submitted == default)
            {
                spec.Submitted = DateTimeOffset.UtcNow;
            }
            string prefix = TaskNames.Prefix(idempotencyKey == null ? TaskNames.NewKey() : TaskNames.KeyFor(idempotencyKey));
            await Reconnecting.ExecuteAsync(_ => FarmSetup.EnsureAsync(_client, Paths, _farm.Security), cancellationToken).ConfigureAwait(false);
            bool mayExist = idempotencyKey != null;
            string taskId = await Reconnecting.ExecuteAsync(async _ =>
            {
                string? found = mayExist ? await FindSubmittedAsync(prefix).ConfigureAwait(false) : null;
                if (found != null)
                {
                    return found;
                }
                // From here on a lost reply leaves the outcome unknown: the next attempt looks first.
                mayExist = true;
                string path = await _client.CreateAsync(Paths.Tasks + "/" + prefix, FarmJson.Write(spec), _farm.Security.TasksFolderAcl,
                    CreateMode.PersistentSequential).ConfigureAwait(false);
                return ZNodePath.GetName(path);
            }, cancellationToken).ConfigureAwait(false);
            var status = new TaskStatusRecord { State = TaskState.Queued, Attempt = 1, Submitted = spec.Submitted };
            // The master creates the status itself if this submitter dies right here.
            await Reconnecting.ExecuteAsync(_ => FarmSetup.CreateIfMissingAsync(_client, Paths.TaskStatus(taskId), FarmJson.Write(status), Ids.OpenAclUnsafe),
                cancellationToken).ConfigureAwait(false);
            return taskId;
        }

        /// <summary>
        /// The task whose id starts with <paramref name="prefix"/>, or null. It is in tasks/ while
        /// queued; before the master can assign it, its status exists, and the status stays.
        /// Reading tasks/ before status/ leaves no gap for a task moving between them.
        /// </summary>
        private async Task<string?> FindSubmittedAsync(string prefix)
        {
            foreach (string folder in new[] { Paths.Tasks, Paths.Status })
            {
                IReadOnlyList<string> names;
                try
                {
                    names = await _client.GetChildrenAsync(folder).ConfigureAwait(false);
                }
                catch (NoNodeException)
                {
                    continue;
                }
                string? match = names.FirstOrDefault(name => name.StartsWith(prefix, StringComparison.Ordinal));
                if (match != null)
                {
                    return match;
                }
            }
            return null;
        }

        /// <summary>The task's status, or null when there is no such task.</summary>
        public async Task<TaskStatusRecord?> GetStatusAsync(string taskId)
        {
            try
            {
                NodeData node = await _client.GetDataAsync(Paths.TaskStatus(taskId)).ConfigureAwait(false);
                return FarmJson.Read<TaskStatusRecord>(node.Data, Paths.TaskStatus(taskId));
            }
            catch (NoNodeException)
            {
                return null;
            }
        }

        /// <summary>The result items of the attempt <paramref name="status"/> reports (empty when it stored none).</summary>
        public Task<IReadOnlyList<string>> ReadResultAsync(string taskId, TaskStatusRecord status) =>
            TaskResultStore.ReadAsync(_client, Paths, taskId, status);

        /// <summary>Every task with a status, oldest first.</summary>
        public async Task<IReadOnlyList<KeyValuePair<string, TaskStatusRecord>>> ListAsync()
        {
            IReadOnlyList<string> ids = await _client.GetChildrenAsync(Paths.Status).ConfigureAwait(false);
            var reads = TaskNames.InQueueOrder(ids).Select(async id => (id, status: await GetStatusAsync(id).ConfigureAwait(false))).ToList();
            var list = new List<KeyValuePair<string, TaskStatusRecord>>();
            foreach (var read in reads)
            {
                var (id, status) = await read.ConfigureAwait(false);
                if (status != null)
                {
                    list.Add(new KeyValuePair<string, TaskStatusRecord>(id, status));
                }
            }
            return list;
        }

        /// <summary>Waits until the task reaches a final state and returns that status.</summary>
        /// <exception cref="TimeoutException">The timeout passed first.</exception>
        /// <exception cref="ArgumentException">There is no such task.</exception>
        public async Task<TaskStatusRecord> WaitAsync(string taskId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        {
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (timeout.HasValue)
                {
                    limit.CancelAfter(timeout.Value);
                }
                while (true)
                {
                    var changed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    NodeData node;
                    try
                    {
                        node = await _client.GetDataAsync(Paths.TaskStatus(taskId), _ => changed.TrySetResult(true)).ConfigureAwait(false);
                    }
                    catch (NoNodeException)
                    {
                        throw new ArgumentException($"There is no task '{taskId}' in the farm at {Paths.Root}.", nameof(taskId));
                    }
                    TaskStatusRecord status = FarmJson.Read<TaskStatusRecord>(node.Data, Paths.TaskStatus(taskId));
                    if (status.IsFinal)
                    {
                        return status;
                    }
                    var cancelled = new TaskCompletionSource<bool>();
                    using (limit.Token.Register(() => cancelled.TrySetResult(true)))
                    {
                        await Task.WhenAny(changed.Task, cancelled.Task).ConfigureAwait(false);
                    }
                    if (!changed.Task.IsCompleted)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        throw new TimeoutException($"Task {taskId} did not finish within {timeout}; it is {status.State}.");
                    }
                }
            }
        }

        /// <summary>Cancels a task that is still queued. Returns false when a worker already has it or it is done.</summary>
        public async Task<bool> CancelAsync(string taskId)
        {
            TaskStatusRecord status = await GetStatusAsync(taskId).ConfigureAwait(false)
                ?? throw new ArgumentException($"There is no task '{taskId}' in the farm at {Paths.Root}.", nameof(taskId));
            status.State = TaskState.Cancelled;
            status.Finished = DateTimeOffset.UtcNow;
            try
            {
                await _client.MultiAsync(FarmTransactions.Cancel(Paths, taskId, status)).ConfigureAwait(false);
                return true;
            }
            catch (NoNodeException)
            {
                return false;
            }
        }
    }
}
