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

        /// <summary>Queues a task and returns its id (task-0000000001).</summary>
        /// <exception cref="NoAuthException">The farm is secured and this session is not its submitter.</exception>
        public async Task<string> SubmitAsync(TaskSpec spec)
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
            await FarmSetup.EnsureAsync(_client, Paths, _farm.Security).ConfigureAwait(false);
            string path = await _client.CreateAsync(Paths.TaskPrefix, FarmJson.Write(spec), _farm.Security.TasksFolderAcl,
                CreateMode.PersistentSequential).ConfigureAwait(false);
            string taskId = ZNodePath.GetName(path);
            var status = new TaskStatusRecord { State = TaskState.Queued, Attempt = 1, Submitted = spec.Submitted };
            // The master creates the status itself if this submitter dies right here.
            await FarmSetup.CreateIfMissingAsync(_client, Paths.TaskStatus(taskId), FarmJson.Write(status), Ids.OpenAclUnsafe).ConfigureAwait(false);
            return taskId;
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

        /// <summary>Every task with a status, oldest first.</summary>
        public async Task<IReadOnlyList<KeyValuePair<string, TaskStatusRecord>>> ListAsync()
        {
            IReadOnlyList<string> ids = await _client.GetChildrenAsync(Paths.Status).ConfigureAwait(false);
            var reads = ids.OrderBy(id => id, StringComparer.Ordinal).Select(async id => (id, status: await GetStatusAsync(id).ConfigureAwait(false))).ToList();
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
