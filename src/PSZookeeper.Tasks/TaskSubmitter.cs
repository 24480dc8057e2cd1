using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// Submits tasks to the farm, reads their status, waits for results and cancels queued ones.
    /// On a secured farm (the session authenticated with a digest credential or a TLS client
    /// certificate) it first reads the farm's model from the root's ACL and refuses a farm whose
    /// folders are weaker than that model, or that does not grant this identity.
    /// </summary>
    public sealed class TaskSubmitter
    {
        private readonly ZooKeeperClient _client;
        private readonly FarmOptions _farm;
        private Task<(FarmSecurity Security, string Identity)>? _ready;
        private readonly object _bucketLock = new object();
        private (string Name, Task Ready)? _bucket;

        /// <summary>Uses an open session; <see cref="FarmOptions.Credential"/>, when given, is the digest credential the session authenticated with.</summary>
        public TaskSubmitter(ZooKeeperClient client, FarmOptions farm)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _farm = farm ?? throw new ArgumentNullException(nameof(farm));
        }

        internal FarmPaths Paths => _farm.Paths;

        /// <summary>The session it submits through (for <see cref="ScheduleBook"/>).</summary>
        internal ZooKeeperClient Client => _client;

        /// <summary>The farm's model as this submitter found it, checked once per submitter.</summary>
        /// <exception cref="FarmSecurityException">The farm is weaker than its model, or does not grant this identity.</exception>
        public async Task<FarmSecurity> GetSecurityAsync() => (await ReadyAsync().ConfigureAwait(false)).Security;

        /// <summary>
        /// Submissions ride out connection loss for about half a minute: long enough for a
        /// reconnect or a failover, short of hanging on a dead ensemble.
        /// </summary>
        internal static readonly RetryPolicy Reconnecting = new RetryPolicy(maxAttempts: 20, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

        /// <summary>
        /// Queues a task exactly once and returns its id (task-&lt;key&gt;-&lt;bucket&gt;-&lt;sequence&gt;).
        /// The task goes to the queue bucket of its priority and of the second it falls due (now, or
        /// its NotBefore), chosen once, so a connection loss while the task is created is retried
        /// inside: the task is looked up by its submission key in that bucket before it is created
        /// again, so it is never queued twice. Its SubmittedBy is this session's identity as the
        /// server reports it (whoAmI).
        /// </summary>
        /// <param name="spec">The task.</param>
        /// <param name="idempotencyKey">
        /// Optional. A caller's key for this submission: a task already submitted with the same key
        /// (and still in the farm) is returned instead of a new one, so a script that runs again
        /// after a crash does not submit twice.
        /// </param>
        /// <param name="cancellationToken">Stops waiting for a lost connection to come back.</param>
        /// <exception cref="NoAuthException">The farm is secured and this session is not one of its submitters.</exception>
        /// <exception cref="FarmSecurityException">The farm, or the queue bucket the task goes to, is weaker than its model.</exception>
        /// <exception cref="ConnectionLossException">No connection came back in time; submit again with the same idempotency key to be sure.</exception>
        public async Task<string> SubmitAsync(TaskSpec spec, string? idempotencyKey = null, CancellationToken cancellationToken = default)
        {
            if (spec == null || string.IsNullOrWhiteSpace(spec.Command))
            {
                throw new ArgumentException("A task needs a command.", nameof(spec));
            }
            Validate(spec);
            var (security, identity) = await Reconnecting.ExecuteAsync(_ => ReadyAsync(), cancellationToken).ConfigureAwait(false);
            spec.Attempt = 1;
            spec.SubmittedBy = identity;
            if (spec.Submitted == default)
            {
                spec.Submitted = DateTimeOffset.UtcNow;
            }
            DateTimeOffset now = DateTimeOffset.UtcNow;
            QueueBucket bucket = QueueBucket.For(spec.Priority, spec.NotBefore > now ? spec.NotBefore.Value : now);
            string key = idempotencyKey == null ? TaskNames.NewKey() : TaskNames.KeyFor(idempotencyKey);
            // A caller's key may name a task an earlier run queued in another bucket: look in all of them once.
            QueueBucket? lookIn = idempotencyKey == null ? bucket : (QueueBucket?)null;
            bool mayExist = idempotencyKey != null;
            // Only masters and workers write status: the master records the task's status when it
            // assigns it; until then the task node itself says it is queued.
            return await Reconnecting.ExecuteAsync(async _ =>
            {
                string? found = mayExist ? await FindSubmittedAsync(key, lookIn).ConfigureAwait(false) : null;
                if (found != null)
                {
                    return found;
                }
                // From here on a lost reply leaves the outcome unknown: the next attempt looks (in this bucket) first.
                mayExist = true;
                lookIn = bucket;
                return await CreateInBucketAsync(security, bucket, TaskNames.Prefix(key, bucket), FarmJson.Write(spec)).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Creates the task in its bucket, making the bucket first when this submitter has not seen
        /// it yet. The server removes a bucket once emptied, possibly between the check and the
        /// create: then it is made again (a few times at most).
        /// </summary>
        private async Task<string> CreateInBucketAsync(FarmSecurity security, QueueBucket bucket, string prefix, byte[] spec)
        {
            for (int round = 1; ; round++)
            {
                await EnsureBucketAsync(security, bucket.Name).ConfigureAwait(false);
                try
                {
                    string path = await _client.CreateAsync(ZNodePath.Join(Paths.Bucket(bucket.Name), prefix), spec, security.NodeAcl,
                        CreateMode.PersistentSequential).ConfigureAwait(false);
                    return ZNodePath.GetName(path);
                }
                catch (NoNodeException) when (round < 3)
                {
                    lock (_bucketLock)
                    {
                        _bucket = _bucket?.Name == bucket.Name ? null : _bucket;
                    }
                }
            }
        }

        /// <summary>
        /// The bucket exists and is no weaker than the model (a bucket someone else made with a weak
        /// ACL would let anyone read, cancel or inject tasks there: refused). Checked once per bucket
        /// by all the submissions that go to it.
        /// </summary>
        private Task EnsureBucketAsync(FarmSecurity security, string bucket)
        {
            lock (_bucketLock)
            {
                if (_bucket?.Name != bucket || _bucket.Value.Ready.IsFaulted)
                {
                    _bucket = (bucket, CheckBucketAsync(security, bucket));
                }
                return _bucket.Value.Ready;
            }
        }

        private async Task CheckBucketAsync(FarmSecurity security, string bucket)
        {
            IReadOnlyList<Acl>? weak = await QueueBuckets.EnsureTrustedAsync(_client, Paths, security, bucket).ConfigureAwait(false);
            if (weak != null)
            {
                throw FarmSecurityException.Weaker(Paths.Bucket(bucket), weak, security.TasksFolderAcl);
            }
        }

        /// <summary>The longest retry delay a task may ask for (the client's backoff computation's limit, about 24 days).</summary>
        private static readonly double MaxRetryDelaySeconds = TimeSpan.FromMilliseconds(int.MaxValue).TotalSeconds;

        /// <summary>Checks a task before anything is sent, and normalizes its labels.</summary>
        internal static void Validate(TaskSpec spec)
        {
            if (spec.MaxAttempts < 1 || spec.TimeoutSeconds < 1)
            {
                throw new ArgumentException("MaxAttempts and TimeoutSeconds must be at least 1.", nameof(spec));
            }
            if (spec.RetryDelaySeconds < 0 || spec.RetryDelaySeconds > MaxRetryDelaySeconds
                || spec.MaxRetryDelaySeconds < (spec.RetryDelaySeconds ?? 0) || spec.MaxRetryDelaySeconds > MaxRetryDelaySeconds)
            {
                throw new ArgumentException($"RetryDelaySeconds must be from 0 to {MaxRetryDelaySeconds:0} and MaxRetryDelaySeconds from RetryDelaySeconds to {MaxRetryDelaySeconds:0}.", nameof(spec));
            }
            if ((spec.ConcurrencyLimit != null) != (spec.ConcurrencyKey != null) || spec.ConcurrencyLimit < 1 || (spec.ConcurrencyKey != null && string.IsNullOrWhiteSpace(spec.ConcurrencyKey)))
            {
                throw new ArgumentException("A concurrency limit needs both a key (non-empty) and a limit of at least 1.", nameof(spec));
            }
            IReadOnlyList<string> labels = TaskLabels.Normalize(spec.Labels, nameof(spec));
            spec.Labels = labels.Count == 0 ? null : labels.ToList();
        }

        /// <summary>
        /// The task of the submission <paramref name="key"/>, or null. A task leaves its bucket only
        /// by a transaction that writes its status or its cancellation mark (in tasks/), so reading
        /// tasks/, then the bucket (every bucket when <paramref name="bucket"/> is null), then
        /// status/ finds it wherever it is.
        /// </summary>
        private async Task<string?> FindSubmittedAsync(string key, QueueBucket? bucket)
        {
            string prefix = TaskNames.Prefix(key);
            string? Match(IEnumerable<string> names) => names.Select(TaskNames.OfQueueEntry).FirstOrDefault(id => id.StartsWith(prefix, StringComparison.Ordinal));
            IReadOnlyList<string> queue = await ChildrenAsync(Paths.Tasks).ConfigureAwait(false);
            string? match = Match(queue);
            foreach (string name in bucket.HasValue ? new[] { bucket.Value.Name } : Buckets(queue))
            {
                if (match != null)
                {
                    return match;
                }
                match = Match(await ChildrenAsync(Paths.Bucket(name)).ConfigureAwait(false));
            }
            return match ?? Match(await ChildrenAsync(Paths.Status).ConfigureAwait(false));
        }

        /// <summary>The queue buckets among the children of tasks/.</summary>
        private static IEnumerable<string> Buckets(IEnumerable<string> tasksChildren) =>
            tasksChildren.Where(child => QueueBucket.TryParse(child, out _));

        private Task<IReadOnlyList<string>> ChildrenAsync(string path) => QueuedTasks.ChildrenAsync(_client, path);

        /// <summary>The whole farm at this moment: masters, workers, the queue and recent finishes (see <see cref="FarmView"/>).</summary>
        /// <exception cref="ArgumentException">There is no farm at the root.</exception>
        public Task<FarmSnapshot> GetFarmAsync() => FarmView.ReadAsync(_client, Paths);

        /// <summary>The result items of the attempt <paramref name="status"/> reports (empty when it stored none).</summary>
        public Task<IReadOnlyList<string>> ReadResultAsync(string taskId, TaskStatusRecord status) =>
            TaskResultStore.ReadAsync(_client, Paths, taskId, status);

        /// <summary>
        /// The task's status, or null when there is no such task. A task the master has not
        /// recorded yet is Queued while its node waits in tasks/, and Cancelled once a submitter
        /// has cancelled it (until the master records that).
        /// </summary>
        public async Task<TaskStatusRecord?> GetStatusAsync(string taskId) => await ReadStatusAsync(taskId, null).ConfigureAwait(false);

        /// <summary>Every task with a status, queued or cancelled, oldest first.</summary>
        public async Task<IReadOnlyList<KeyValuePair<string, TaskStatusRecord>>> ListAsync()
        {
            Task<IReadOnlyList<string>> recorded = _client.GetChildrenAsync(Paths.Status);
            var ids = new HashSet<string>(await recorded.ConfigureAwait(false), StringComparer.Ordinal);
            ids.UnionWith(await QueuedTasks.ListIdsAsync(_client, Paths).ConfigureAwait(false));
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
            Deadline deadline = timeout.HasValue ? Deadline.After(timeout.Value) : Deadline.None;
            // One callback for every round, so each path holds one watch, removed at the end.
            TaskCompletionSource<bool>? changed = null;
            Action<WatchedEvent> onChange = _ => Volatile.Read(ref changed)?.TrySetResult(true);
            try
            {
                while (true)
                {
                    Volatile.Write(ref changed, Waits.NewSignal());
                    TaskStatusRecord status = await ReadStatusAsync(taskId, onChange).ConfigureAwait(false)
                        ?? throw new ArgumentException($"There is no task '{taskId}' in the farm at {Paths.Root}.", nameof(taskId));
                    if (status.IsFinal)
                    {
                        return status;
                    }
                    if (await Waits.AnyAsync(deadline, cancellationToken, changed!.Task).ConfigureAwait(false) == null)
                    {
                        throw new TimeoutException($"Task {taskId} did not finish within {timeout}; it is {status.State}.");
                    }
                }
            }
            finally
            {
                FarmWatches.Forget(_client, Paths.TaskStatus(taskId), onChange);
                FarmWatches.Forget(_client, Paths.CancelMark(taskId), onChange);
            }
        }

        /// <summary>
        /// Cancels a task that has not finished. A queued task is swapped for a cancellation mark
        /// (holding the task) in one transaction, and the master records the Cancelled status. A
        /// running task gets the mark alone: its worker stops it and records Cancelled in the
        /// transaction that gives the assignment back, so a task that finishes first keeps that
        /// state instead (exactly one final state either way). Returns false when the task had
        /// already finished. Wait for the outcome with <see cref="WaitAsync"/>.
        /// </summary>
        /// <exception cref="ArgumentException">There is no such task.</exception>
        public async Task<bool> CancelAsync(string taskId)
        {
            FarmSecurity security = await GetSecurityAsync().ConfigureAwait(false);
            NodeData? queued = await ReadDataAsync(Paths.Task(taskId)).ConfigureAwait(false);
            if (queued != null)
            {
                try
                {
                    await _client.MultiAsync(FarmTransactions.Cancel(Paths, taskId, queued.Data, queued.Stat.Version, security.NodeAcl)).ConfigureAwait(false);
                    return true;
                }
                catch (ZooKeeperException ex) when (ex is NoNodeException || ex is BadVersionException || ex is NodeExistsException)
                {
                    // Assigned (or cancelled) meanwhile: decided below from its status.
                }
            }
            TaskStatusRecord status = await GetStatusAsync(taskId).ConfigureAwait(false)
                ?? throw new ArgumentException($"There is no task '{taskId}' in the farm at {Paths.Root}.", nameof(taskId));
            if (status.IsFinal)
            {
                return false;
            }
            try
            {
                await _client.CreateAsync(Paths.CancelMark(taskId), null, security.NodeAcl).ConfigureAwait(false);
            }
            catch (NodeExistsException)
            {
                // Cancelled already; the outcome is on its way.
            }
            return true;
        }

        /// <summary>
        /// Reads the status node, the queued task and its cancellation mark; the watcher (if any)
        /// fires when the status or the mark changes. A task only ever moves from tasks/ to a
        /// mark or a status, and from a mark to a status, each in one transaction, so reading in
        /// that order (and the status once more) never misses a task that exists.
        /// </summary>
        private async Task<TaskStatusRecord?> ReadStatusAsync(string taskId, Action<WatchedEvent>? watcher)
        {
            string statusPath = Paths.TaskStatus(taskId);
            if (watcher != null)
            {
                await _client.ExistsAsync(statusPath, watcher).ConfigureAwait(false);
            }
            Task<Stat?> markRead = _client.ExistsAsync(Paths.CancelMark(taskId), watcher);
            TaskStatusRecord? status = await ReadNodeAsync<TaskStatusRecord>(statusPath).ConfigureAwait(false);
            Stat? mark = await markRead.ConfigureAwait(false);
            if (status != null)
            {
                return mark != null && status.State == TaskState.Queued ? Cancelled(status.Attempt, status.Submitted, status.SubmittedBy, mark) : status;
            }
            TaskSpec? queued = await ReadNodeAsync<TaskSpec>(Paths.Task(taskId)).ConfigureAwait(false);
            if (queued != null)
            {
                return new TaskStatusRecord { State = TaskState.Queued, Attempt = queued.Attempt, Submitted = queued.Submitted, SubmittedBy = queued.SubmittedBy, NotBefore = queued.NotBefore };
            }
            NodeData? cancelled = await ReadDataAsync(Paths.CancelMark(taskId)).ConfigureAwait(false);
            if (cancelled != null)
            {
                TaskSpec spec = FarmJson.Read<TaskSpec>(cancelled.Data, Paths.CancelMark(taskId));
                return Cancelled(spec.Attempt, spec.Submitted, spec.SubmittedBy, cancelled.Stat);
            }
            return await ReadNodeAsync<TaskStatusRecord>(statusPath).ConfigureAwait(false);
        }

        private static TaskStatusRecord Cancelled(int attempt, DateTimeOffset submitted, string? submittedBy, Stat mark) => new TaskStatusRecord
        {
            State = TaskState.Cancelled,
            Attempt = attempt,
            Submitted = submitted,
            SubmittedBy = submittedBy,
            Finished = mark.Created,
        };

        private async Task<NodeData?> ReadDataAsync(string path)
        {
            try
            {
                return await _client.GetDataAsync(path).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return null;
            }
        }

        private async Task<T?> ReadNodeAsync<T>(string path) where T : class
        {
            NodeData? node = await ReadDataAsync(path).ConfigureAwait(false);
            return node == null ? null : FarmJson.Read<T>(node.Data, path);
        }

        internal Task<(FarmSecurity Security, string Identity)> ReadyAsync() => _ready ??= PrepareAsync();

        private async Task<(FarmSecurity Security, string Identity)> PrepareAsync()
        {
            IReadOnlyList<ClientInfo> who = await _client.WhoAmIAsync().ConfigureAwait(false);
            string identity = FarmIdentity.Describe(who);
            if (_farm.Credential != null || who.Any(info => info.AuthScheme != "ip"))
            {
                return (await FarmAcl.VerifyAsSubmitterAsync(_client, Paths, id => FarmIdentity.IsSession(id, who, _farm.Credential)).ConfigureAwait(false), identity);
            }
            await FarmAcl.EnsureAsync(_client, Paths, FarmSecurity.Open, _farm.Write).ConfigureAwait(false);
            return (FarmSecurity.Open, identity);
        }
    }
}
