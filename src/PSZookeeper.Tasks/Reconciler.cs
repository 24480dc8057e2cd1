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
    /// The active master's work, rebuilt from ZooKeeper on every pass (the master keeps no state
    /// of its own): recover the tasks of workers that are gone, then hand queued tasks to live
    /// workers by free capacity, oldest first. Every change is a fenced transaction, so a master
    /// that lost its leadership cannot change anything.
    /// </summary>
    internal sealed class Reconciler
    {
        private readonly ZooKeeperClient _client;
        private readonly FarmOptions _farm;
        private readonly FarmSecurity _security;
        private readonly Op _fence;

        // fence: an op that fails once this master no longer leads; it is prepended to every transaction.
        public Reconciler(FarmSession session, FarmOptions farm, Op fence)
        {
            _client = session.Client;
            _security = session.Security;
            _farm = farm;
            _fence = fence;
        }

        private FarmPaths Paths => _farm.Paths;

        /// <summary>One pass; returns how many tasks it assigned or recovered.</summary>
        public async Task<int> RunOnceAsync()
        {
            Dictionary<string, WorkerInfo> workers = await ReadWorkersAsync().ConfigureAwait(false);
            Dictionary<string, IReadOnlyList<string>> assigned = await ReadAssignmentsAsync().ConfigureAwait(false);
            int changes = 0;
            foreach (var folder in assigned.Where(a => !workers.ContainsKey(a.Key)))
            {
                foreach (string taskId in folder.Value)
                {
                    changes += await RecoverAsync(folder.Key, taskId).ConfigureAwait(false) ? 1 : 0;
                }
            }
            var free = new Dictionary<string, int>();
            foreach (var worker in workers)
            {
                assigned.TryGetValue(worker.Key, out IReadOnlyList<string>? mine);
                free[worker.Key] = worker.Value.Capacity - (mine?.Count ?? 0);
            }
            IReadOnlyList<string> children = await _client.GetChildrenAsync(Paths.Tasks).ConfigureAwait(false);
            var marks = children.Where(IsCancelMark).ToList();
            foreach (bool recorded in await Task.WhenAll(marks.Select(RecordCancelledAsync)).ConfigureAwait(false))
            {
                changes += recorded ? 1 : 0;
            }
            IEnumerable<string> queued = children.Where(child => !IsCancelMark(child));
            // Plan the whole pass first, then run the assignments concurrently: each is a few
            // pipelined round trips, and one that loses a race just leaves its slot for the next pass.
            var plan = new List<Task<bool>>();
            foreach (string taskId in TaskNames.InQueueOrder(queued))
            {
                string? worker = AssignmentPlanner.PickWorker(free);
                if (worker == null)
                {
                    break;
                }
                free[worker]--;
                plan.Add(AssignAsync(taskId, worker));
            }
            foreach (bool done in await Task.WhenAll(plan).ConfigureAwait(false))
            {
                changes += done ? 1 : 0;
            }
            return changes;
        }

        private async Task<Dictionary<string, WorkerInfo>> ReadWorkersAsync()
        {
            IReadOnlyList<string> names = await _client.GetChildrenAsync(Paths.Workers).ConfigureAwait(false);
            var reads = names.Select(name => (name, data: _client.GetDataAsync(Paths.Worker(name)))).ToList();
            var workers = new Dictionary<string, WorkerInfo>(StringComparer.Ordinal);
            foreach (var (name, data) in reads)
            {
                try
                {
                    workers[name] = FarmJson.Read<WorkerInfo>((await data.ConfigureAwait(false)).Data, Paths.Worker(name));
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
            return workers;
        }

        private async Task<Dictionary<string, IReadOnlyList<string>>> ReadAssignmentsAsync()
        {
            IReadOnlyList<string> folders = await _client.GetChildrenAsync(Paths.Assign).ConfigureAwait(false);
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

        private static bool IsCancelMark(string child) => child.StartsWith(FarmPaths.CancelPrefix, StringComparison.Ordinal);

        private async Task<bool> AssignAsync(string taskId, string worker)
        {
            NodeData task;
            AclWithStat acl;
            try
            {
                Task<AclWithStat> aclRead = _client.GetAclAsync(Paths.Task(taskId));
                task = await _client.GetDataAsync(Paths.Task(taskId)).ConfigureAwait(false);
                acl = await aclRead.ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return false;
            }
            if (!_security.IsOpen && FarmSecurity.IsWeaker(acl.Acl, _security.NodeAcl))
            {
                return await RefuseAsync(taskId, task,
                    $"refused: the task node's ACL [{AclText.Format(acl.Acl)}] is weaker than the farm's model [{AclText.Format(_security.NodeAcl)}], so anyone could have rewritten it").ConfigureAwait(false);
            }
            TaskSpec? spec = TryRead<TaskSpec>(task.Data);
            if (spec == null || string.IsNullOrWhiteSpace(spec.Command))
            {
                return await RefuseAsync(taskId, task, "refused: the node does not hold a valid task").ConfigureAwait(false);
            }
            TaskStatusRecord status = await ReadOrCreateStatusAsync(taskId, spec).ConfigureAwait(false);
            status.State = TaskState.Assigned;
            status.Worker = worker;
            status.Attempt = spec.Attempt;
            if (await CommitAsync(FarmTransactions.Assign(Paths, taskId, task.Data ?? Array.Empty<byte>(), task.Stat.Version, worker, _security.NodeAcl, status)).ConfigureAwait(false))
            {
                _farm.Write($"master: assigned {taskId} (attempt {spec.Attempt}) to {worker}");
                return true;
            }
            return false;
        }

        /// <summary>
        /// A queued task that must never run (others could have rewritten its node, or it is no
        /// task at all) is removed and marked failed with the reason.
        /// </summary>
        private async Task<bool> RefuseAsync(string taskId, NodeData task, string error)
        {
            Stat? statusStat = await _client.ExistsAsync(Paths.TaskStatus(taskId)).ConfigureAwait(false);
            TaskSpec? spec = TryRead<TaskSpec>(task.Data);
            var status = new TaskStatusRecord
            {
                State = TaskState.Failed,
                Attempt = spec?.Attempt ?? 1,
                Submitted = spec?.Submitted ?? task.Stat.Created,
                SubmittedBy = spec?.SubmittedBy,
                Finished = DateTimeOffset.UtcNow,
                Error = error,
            };
            Op[] ops = FarmTransactions.Close(Paths.Task(taskId), task.Stat.Version, Paths.TaskStatus(taskId), statusStat, status, _security.NodeAcl);
            if (await CommitAsync(ops).ConfigureAwait(false))
            {
                _farm.Write($"master: {taskId} {error}");
                return true;
            }
            return false;
        }

        /// <summary>Records a submitter's cancellation (a mark in tasks/) as the task's final status, unless the task already left the queue.</summary>
        private async Task<bool> RecordCancelledAsync(string mark)
        {
            string taskId = mark.Substring(FarmPaths.CancelPrefix.Length);
            string markPath = Paths.CancelMark(taskId);
            string statusPath = Paths.TaskStatus(taskId);
            Task<NodeData?> statusRead = TryGetAsync(statusPath);
            NodeData? node = await TryGetAsync(markPath).ConfigureAwait(false);
            NodeData? current = await statusRead.ConfigureAwait(false);
            if (node == null)
            {
                return false;
            }
            TaskStatusRecord? previous = current == null ? null : TryRead<TaskStatusRecord>(current.Data);
            if (previous != null && previous.State == TaskState.Assigned)
            {
                // Running: its worker stops it and records the cancellation (or, if the worker is
                // gone, the recovery does).
                return false;
            }
            if (previous != null && previous.IsFinal)
            {
                // It finished before the cancellation reached it: that final state stands.
                return await CommitAsync(new[] { Op.Delete(markPath, node.Stat.Version) }).ConfigureAwait(false);
            }
            TaskSpec? spec = TryRead<TaskSpec>(node.Data);
            var status = new TaskStatusRecord
            {
                State = TaskState.Cancelled,
                Attempt = spec?.Attempt ?? previous?.Attempt ?? 1,
                Submitted = spec?.Submitted ?? node.Stat.Created,
                SubmittedBy = spec?.SubmittedBy ?? previous?.SubmittedBy,
                Error = previous?.Error,
                Finished = node.Stat.Created,
            };
            var ops = new List<Op>(FarmTransactions.Close(markPath, node.Stat.Version, statusPath, current?.Stat, status, _security.NodeAcl));
            // A running task's cancellation can meet its re-queue (its worker failed meanwhile).
            Stat? requeued = await _client.ExistsAsync(Paths.Task(taskId)).ConfigureAwait(false);
            if (requeued != null)
            {
                ops.Add(Op.Delete(Paths.Task(taskId), requeued.Version));
            }
            if (await CommitAsync(ops.ToArray()).ConfigureAwait(false))
            {
                _farm.Write($"master: {taskId} was cancelled by a submitter");
                return true;
            }
            return false;
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

        private async Task<bool> RecoverAsync(string deadWorker, string taskId)
        {
            string assignment = Paths.Assignment(deadWorker, taskId);
            NodeData node;
            bool trusted;
            try
            {
                Task<bool> holds = FarmAcl.AssignmentHoldsAsync(_client, Paths, _security, deadWorker, taskId);
                node = await _client.GetDataAsync(assignment).ConfigureAwait(false);
                trusted = await holds.ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return false;
            }
            TaskSpec? spec = TryRead<TaskSpec>(node.Data);
            if (!trusted || spec == null)
            {
                // Never re-queue what the farm did not assign: it would run on a real worker.
                _farm.Write($"master: removing {assignment}: {(trusted ? "it holds no valid task" : "its ACL or its folder's is weaker than the farm's model")}");
                return await CommitAsync(new[] { Op.Delete(assignment, node.Stat.Version) }).ConfigureAwait(false);
            }
            TaskStatusRecord previous = await ReadOrCreateStatusAsync(taskId, spec).ConfigureAwait(false);
            if (await _client.ExistsAsync(Paths.CancelMark(taskId)).ConfigureAwait(false) != null)
            {
                // A submitter cancelled it while its worker ran it: cancelled, not re-queued.
                previous.State = TaskState.Cancelled;
                previous.Error = $"cancelled by a submitter; worker {deadWorker} was lost while running it";
                previous.Finished = DateTimeOffset.UtcNow;
                if (await CommitAsync(FarmTransactions.CancelRunning(Paths, taskId, deadWorker, previous)).ConfigureAwait(false))
                {
                    _farm.Write($"master: {taskId} was cancelled; its worker {deadWorker} is gone");
                    return true;
                }
                return false;
            }
            Op[] ops = FarmTransactions.AfterFailedAttempt(Paths, taskId, deadWorker, spec, _security.NodeAcl, previous,
                $"worker {deadWorker} was lost during attempt {spec.Attempt}", null, null);
            if (await CommitAsync(ops).ConfigureAwait(false))
            {
                _farm.Write(spec.Attempt < spec.MaxAttempts
                    ? $"master: recovered {taskId} from lost worker {deadWorker}; re-queued for attempt {spec.Attempt + 1}"
                    : $"master: {taskId} lost its worker {deadWorker} on its last attempt; marked failed");
                return true;
            }
            return false;
        }

        private async Task<TaskStatusRecord> ReadOrCreateStatusAsync(string taskId, TaskSpec spec)
        {
            string path = Paths.TaskStatus(taskId);
            try
            {
                return FarmJson.Read<TaskStatusRecord>((await _client.GetDataAsync(path).ConfigureAwait(false)).Data, path);
            }
            catch (NoNodeException)
            {
                // Submitters write no status: the master records it when it first assigns the task.
                var status = new TaskStatusRecord { State = TaskState.Queued, Attempt = spec.Attempt, Submitted = spec.Submitted, SubmittedBy = spec.SubmittedBy };
                await _client.EnsurePathAsync(path, FarmJson.Write(status), _security.NodeAcl).ConfigureAwait(false);
                return status;
            }
        }

        /// <summary>Applies a fenced transaction; false when it lost a race (the state it checked had changed).</summary>
        private async Task<bool> CommitAsync(Op[] ops)
        {
            var fenced = new List<Op>(ops.Length + 1) { _fence };
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

    /// <summary>Chooses the live worker with the most free slots; ties go to the first by name, so the choice is stable.</summary>
    internal static class AssignmentPlanner
    {
        public static string? PickWorker(IReadOnlyDictionary<string, int> freeSlots)
        {
            string? best = null;
            int bestFree = 0;
            foreach (var pair in freeSlots.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (pair.Value > bestFree)
                {
                    best = pair.Key;
                    bestFree = pair.Value;
                }
            }
            return best;
        }
    }
}
