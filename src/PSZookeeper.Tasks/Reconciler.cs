using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// The active master's work, rebuilt from ZooKeeper on every pass: recover the tasks of workers
    /// that are gone, record cancellations, then hand due queued tasks to live workers
    /// (<see cref="SchedulePlanner"/>: priority, labels, concurrency limits), many assignments to
    /// one transaction. Every change is a fenced transaction, so a master that lost its leadership
    /// cannot change anything. The only memory it keeps is a cache of the live workers'
    /// registrations and of running tasks' scheduling facts, and the <see cref="QueueWindow"/>'s
    /// facts of the queued tasks at the front of the queue (a task's node never changes while it
    /// has the same name in the same place), so each is read once; a new master starts with empty caches.
    /// </summary>
    internal sealed partial class Reconciler
    {
        /// <summary>The most tasks one assignment transaction carries.</summary>
        internal const int MaxBatchTasks = 100;

        /// <summary>The most task bytes one assignment transaction carries, well under the server's 1 MiB request limit.</summary>
        internal const int MaxBatchBytes = 256 * 1024;

        private readonly ZooKeeperClient _client;
        private readonly FarmOptions _farm;
        private readonly FarmSecurity _security;
        private readonly Op _fence;
        private readonly QueueWindow _queue;
        private readonly Dictionary<string, Scheduling> _running = new Dictionary<string, Scheduling>(StringComparer.Ordinal);
        private readonly Dictionary<string, WorkerInfo> _workers = new Dictionary<string, WorkerInfo>(StringComparer.Ordinal);
        private readonly RetentionSweep _retention;

        // fence: an op that fails once this master no longer leads; it is prepended to every transaction.
        public Reconciler(FarmSession session, FarmOptions farm, Op fence)
        {
            _client = session.Client;
            _security = session.Security;
            _farm = farm;
            _fence = fence;
            _retention = new RetentionSweep(_client, farm, CommitAsync);
            _queue = new QueueWindow(_client, farm);
        }

        /// <summary>When the earliest delayed (or backing-off) queued task becomes due, as of the last pass; null when none waits.</summary>
        public DateTimeOffset? NextDue { get; private set; }

        private FarmPaths Paths => _farm.Paths;

        /// <summary>One pass; returns how many tasks it assigned, recovered, closed or removed.</summary>
        public async Task<int> RunOnceAsync()
        {
            // The three listings go out together: a pass is a handful of round trips, not a dozen.
            // tasks/ holds queue buckets and cancellation marks, never the tasks themselves (QueueWindow).
            Task<IReadOnlyList<string>> workerNames = _client.GetChildrenAsync(Paths.Workers);
            Task<IReadOnlyList<string>> folders = _client.GetChildrenAsync(Paths.Assign);
            Task<IReadOnlyList<string>> children = _client.GetChildrenAsync(Paths.Tasks);
            Task<Dictionary<string, WorkerInfo>> workersRead = ReadWorkersAsync(await workerNames.ConfigureAwait(false));
            Dictionary<string, IReadOnlyList<string>> assigned = await ReadAssignmentsAsync(await folders.ConfigureAwait(false)).ConfigureAwait(false);
            Dictionary<string, WorkerInfo> workers = await workersRead.ConfigureAwait(false);
            int changes = 0;
            foreach (var folder in assigned.Where(a => !workers.ContainsKey(a.Key)))
            {
                foreach (string taskId in folder.Value)
                {
                    changes += await RecoverAsync(folder.Key, taskId).ConfigureAwait(false) ? 1 : 0;
                }
            }
            IReadOnlyList<string> listed = await children.ConfigureAwait(false);
            var marks = listed.Where(IsCancelMark).ToList();
            foreach (bool recorded in await Task.WhenAll(marks.Select(RecordCancelledAsync)).ConfigureAwait(false))
            {
                changes += recorded ? 1 : 0;
            }
            var live = workers.Select(w => (Worker: w.Key, Tasks: assigned.TryGetValue(w.Key, out IReadOnlyList<string>? mine) ? mine : Array.Empty<string>())).ToList();
            Task<Dictionary<string, int>> runningByKey = CountRunningAsync(live);
            var slots = live.Select(w => new WorkerSlots(w.Worker, workers[w.Worker].Capacity - w.Tasks.Count, workers[w.Worker].Labels)).ToList();
            var (plan, nextDue) = await _queue.PlanAsync(listed, slots, await runningByKey.ConfigureAwait(false), DateTimeOffset.UtcNow).ConfigureAwait(false);
            NextDue = nextDue;
            changes += await AssignAsync(plan).ConfigureAwait(false);
            changes += await _retention.RunAsync().ConfigureAwait(false);
            return changes;
        }

        /// <summary>
        /// The live workers. A registration never changes while its node lives (a worker that
        /// registers again does so after its node is gone), so each is read once while it is listed.
        /// </summary>
        private async Task<Dictionary<string, WorkerInfo>> ReadWorkersAsync(IReadOnlyList<string> names)
        {
            var listed = new HashSet<string>(names, StringComparer.Ordinal);
            foreach (string gone in _workers.Keys.Where(name => !listed.Contains(name)).ToList())
            {
                _workers.Remove(gone);
            }
            var reads = names.Where(name => !_workers.ContainsKey(name)).Select(name => (name, data: _client.GetDataAsync(Paths.Worker(name)))).ToList();
            foreach (var (name, data) in reads)
            {
                try
                {
                    _workers[name] = FarmJson.Read<WorkerInfo>((await data.ConfigureAwait(false)).Data, Paths.Worker(name));
                }
                catch (NoNodeException)
                {
                    // Left between the listing and the read.
                }
                catch (FormatException ex)
                {
                    _farm.Write($"master: ignoring worker {name}: {ex.Message}");
                }
            }
            return new Dictionary<string, WorkerInfo>(_workers, StringComparer.Ordinal);
        }

        private async Task<Dictionary<string, IReadOnlyList<string>>> ReadAssignmentsAsync(IReadOnlyList<string> folders)
        {
            var reads = folders.Select(f => (f, children: _client.GetChildrenAsync(Paths.WorkerAssignments(f)))).ToList();
            var assigned = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (folder, children) in reads)
            {
                try
                {
                    assigned[folder] = await children.ConfigureAwait(false);
                }
                catch (NoNodeException)
                {
                    // Removed meanwhile.
                }
            }
            return assigned;
        }

        /// <summary>
        /// Running tasks per concurrency key, farm-wide: every live worker's assignments (a dead
        /// worker's were recovered above). Assignments this master did not make are read once.
        /// </summary>
        private async Task<Dictionary<string, int>> CountRunningAsync(IReadOnlyList<(string Worker, IReadOnlyList<string> Tasks)> live)
        {
            var current = live.SelectMany(w => w.Tasks.Select(task => Paths.Assignment(w.Worker, task))).ToList();
            await LearnAsync(_running, current).ConfigureAwait(false);
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (Scheduling facts in _running.Values.Where(f => f.ConcurrencyKey != null))
            {
                counts.TryGetValue(facts.ConcurrencyKey!, out int count);
                counts[facts.ConcurrencyKey!] = count + 1;
            }
            return counts;
        }

        /// <summary>Keeps <paramref name="cache"/> to exactly <paramref name="keys"/>, reading the facts of keys it does not know yet.</summary>
        private async Task LearnAsync(Dictionary<string, Scheduling> cache, IReadOnlyList<string> keys)
        {
            var present = new HashSet<string>(keys, StringComparer.Ordinal);
            foreach (string gone in cache.Keys.Where(key => !present.Contains(key)).ToList())
            {
                cache.Remove(gone);
            }
            var reads = keys.Where(key => !cache.ContainsKey(key)).Select(key => (key, data: _client.GetDataAsync(key))).ToList();
            foreach (var (key, data) in reads)
            {
                try
                {
                    cache[key] = Scheduling.Of(TryRead<TaskSpec>((await data.ConfigureAwait(false)).Data));
                }
                catch (NoNodeException)
                {
                    // Left meanwhile; the next pass sees where it went.
                }
            }
        }

        private static bool IsCancelMark(string child) => child.StartsWith(FarmPaths.CancelPrefix, StringComparison.Ordinal);

        /// <summary>A planned assignment, checked and ready to commit.</summary>
        private sealed class Assignment
        {
            public Assignment(string taskId, string worker, NodeData task, TaskSpec spec)
            {
                TaskId = taskId;
                Worker = worker;
                Task = task;
                Spec = spec;
                StatusExists = spec.Attempt > 1;
            }

            public string TaskId { get; }

            public string Worker { get; }

            public NodeData Task { get; }

            public TaskSpec Spec { get; }

            /// <summary>A retry has a status node already; a first attempt's status is created by its assignment.</summary>
            public bool StatusExists { get; set; }

            /// <summary>Set once the guess of <see cref="StatusExists"/> was found wrong and turned round.</summary>
            public bool StatusGuessTurned { get; set; }

            public int Bytes => Task.Data?.Length ?? 0;
        }

        /// <summary>
        /// Reads and checks each planned task (a weak node or no valid task is refused), then commits
        /// the assignments in batches: one transaction for up to <see cref="MaxBatchTasks"/> tasks.
        /// </summary>
        private async Task<int> AssignAsync(List<(string TaskId, string Worker)> plan)
        {
            var reads = plan.Select(p => (p.TaskId, p.Worker, data: _client.GetDataAsync(Paths.Task(p.TaskId)),
                acl: _security.IsOpen ? null : _client.GetAclAsync(Paths.Task(p.TaskId)))).ToList();
            Dictionary<string, Task<IReadOnlyList<Acl>?>> bucketAcls = ReadBucketAcls(plan.Select(p => p.TaskId));
            var ready = new List<Assignment>();
            int changes = 0;
            foreach (var (taskId, worker, data, aclRead) in reads)
            {
                NodeData task;
                IReadOnlyList<Acl>? acl;
                IReadOnlyList<Acl>? bucketAcl;
                try
                {
                    task = await data.ConfigureAwait(false);
                    acl = aclRead == null ? null : (await aclRead.ConfigureAwait(false)).Acl;
                    bucketAcl = await bucketAcls[ZNodePath.GetParent(Paths.Task(taskId))].ConfigureAwait(false);
                }
                catch (NoNodeException)
                {
                    _queue.Forget(taskId);
                    continue;
                }
                if (bucketAcl != null && FarmSecurity.IsWeaker(bucketAcl, _security.TasksFolderAcl))
                {
                    // Anyone the bucket lets in could have created the task, with whatever ACL.
                    changes += await RefuseAsync(taskId, task,
                        $"refused: its queue bucket's ACL [{AclText.Format(bucketAcl)}] is weaker than the farm's model [{AclText.Format(_security.TasksFolderAcl)}], so anyone could have queued it").ConfigureAwait(false) ? 1 : 0;
                    continue;
                }
                if (acl != null && FarmSecurity.IsWeaker(acl, _security.NodeAcl))
                {
                    changes += await RefuseAsync(taskId, task,
                        $"refused: the task node's ACL [{AclText.Format(acl)}] is weaker than the farm's model [{AclText.Format(_security.NodeAcl)}], so anyone could have rewritten it").ConfigureAwait(false) ? 1 : 0;
                    continue;
                }
                TaskSpec? spec = TryRead<TaskSpec>(task.Data);
                if (spec == null || string.IsNullOrWhiteSpace(spec.Command))
                {
                    changes += await RefuseAsync(taskId, task, "refused: the node does not hold a valid task").ConfigureAwait(false) ? 1 : 0;
                    continue;
                }
                ready.Add(new Assignment(taskId, worker, task, spec));
            }
            while (ready.Count > 0)
            {
                List<Assignment> batch = TakeBatch(ready);
                changes += await CommitBatchAsync(batch).ConfigureAwait(false);
            }
            return changes;
        }

        /// <summary>The ACL of each bucket the tasks wait in, read at once (nothing to read on an open farm: every ACL is open there).</summary>
        private Dictionary<string, Task<IReadOnlyList<Acl>?>> ReadBucketAcls(IEnumerable<string> taskIds) =>
            taskIds.Select(id => ZNodePath.GetParent(Paths.Task(id))).Distinct(StringComparer.Ordinal).ToDictionary(bucket => bucket,
                async bucket => _security.IsOpen ? null : (IReadOnlyList<Acl>?)(await _client.GetAclAsync(bucket).ConfigureAwait(false)).Acl, StringComparer.Ordinal);

        private static List<Assignment> TakeBatch(List<Assignment> ready)
        {
            int bytes = 0;
            int count = 0;
            while (count < ready.Count && count < MaxBatchTasks && (count == 0 || bytes + ready[count].Bytes <= MaxBatchBytes))
            {
                bytes += ready[count].Bytes;
                count++;
            }
            List<Assignment> batch = ready.GetRange(0, count);
            ready.RemoveRange(0, count);
            return batch;
        }

        /// <summary>
        /// Commits a batch of assignments in one transaction. When it fails, the op that failed names
        /// the culprit (a task cancelled or changed meanwhile, a worker gone, or a status that
        /// exists already): that one is left for the next pass (or retried with its status set) and
        /// the rest is committed again.
        /// </summary>
        private async Task<int> CommitBatchAsync(List<Assignment> batch)
        {
            while (batch.Count > 0)
            {
                var ops = new List<Op> { _fence };
                var owners = new List<(string? Worker, Assignment? Task)> { (null, null) };
                foreach (string worker in batch.Select(a => a.Worker).Distinct(StringComparer.Ordinal))
                {
                    ops.Add(FarmTransactions.CheckWorker(Paths, worker));
                    owners.Add((worker, null));
                }
                foreach (Assignment assignment in batch)
                {
                    var status = new TaskStatusRecord
                    {
                        State = TaskState.Assigned,
                        Worker = assignment.Worker,
                        Attempt = assignment.Spec.Attempt,
                        Submitted = assignment.Spec.Submitted,
                        SubmittedBy = assignment.Spec.SubmittedBy,
                    };
                    foreach (Op op in FarmTransactions.Assign(Paths, assignment.TaskId, assignment.Task.Data ?? Array.Empty<byte>(), assignment.Task.Stat.Version,
                        assignment.Worker, _security.NodeAcl, status, assignment.StatusExists))
                    {
                        ops.Add(op);
                        owners.Add((assignment.Worker, assignment));
                    }
                }
                try
                {
                    await _client.MultiAsync(ops).ConfigureAwait(false);
                }
                catch (ZooKeeperException ex) when (ex.Results != null && ex.FailedOpIndex > 0)
                {
                    var (worker, culprit) = owners[ex.FailedOpIndex];
                    if (culprit == null)
                    {
                        batch.RemoveAll(a => a.Worker == worker);
                    }
                    else if (ex.FailedOpIndex == owners.FindLastIndex(o => o.Task == culprit) && !culprit.StatusGuessTurned)
                    {
                        // Its status op: the node exists after all (or not), so the other op fits.
                        culprit.StatusExists = !culprit.StatusExists;
                        culprit.StatusGuessTurned = true;
                    }
                    else
                    {
                        batch.Remove(culprit);
                    }
                    continue;
                }
                foreach (Assignment assignment in batch)
                {
                    _queue.Forget(assignment.TaskId);
                    _running[Paths.Assignment(assignment.Worker, assignment.TaskId)] = Scheduling.Of(assignment.Spec);
                    _farm.Write($"master: assigned {assignment.TaskId} (attempt {assignment.Spec.Attempt}) to {assignment.Worker}");
                }
                return batch.Count;
            }
            return 0;
        }

        private async Task<NodeData?> TryGetAsync(string path)
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

        private static T? TryRead<T>(byte[]? data) where T : class
        {
            try
            {
                return FarmJson.Read<T>(data, "node");
            }
            catch (FormatException)
            {
                return null;
            }
        }

        /// <summary>Applies a fenced transaction; false when it lost a race (the state it checked had changed).</summary>
        private async Task<bool> CommitAsync(IReadOnlyList<Op> ops)
        {
            var fenced = new List<Op>(ops.Count + 1) { _fence };
            fenced.AddRange(ops);
            try
            {
                await _client.MultiAsync(fenced).ConfigureAwait(false);
                return true;
            }
            catch (ZooKeeperException ex) when (ex.Results != null && ex.FailedOpIndex > 0)
            {
                return false;
            }
        }
    }
}
