using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

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
        private readonly Op _fence;

        // fence: an op that fails once this master no longer leads; it is prepended to every transaction.
        public Reconciler(ZooKeeperClient client, FarmOptions farm, Op fence)
        {
            _client = client;
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
            IReadOnlyList<string> queued = await _client.GetChildrenAsync(Paths.Tasks).ConfigureAwait(false);
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

        private async Task<bool> AssignAsync(string taskId, string worker)
        {
            NodeData task;
            TaskStatusRecord status;
            try
            {
                task = await _client.GetDataAsync(Paths.Task(taskId)).ConfigureAwait(false);
                status = await ReadOrCreateStatusAsync(taskId, task).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return false;
            }
            TaskSpec spec = FarmJson.Read<TaskSpec>(task.Data, Paths.Task(taskId));
            status.State = TaskState.Assigned;
            status.Worker = worker;
            status.Attempt = spec.Attempt;
            if (await CommitAsync(FarmTransactions.Assign(Paths, taskId, task.Data ?? Array.Empty<byte>(), task.Stat.Version, worker, status)).ConfigureAwait(false))
            {
                _farm.Write($"master: assigned {taskId} (attempt {spec.Attempt}) to {worker}");
                return true;
            }
            return false;
        }

        private async Task<bool> RecoverAsync(string deadWorker, string taskId)
        {
            string assignment = Paths.Assignment(deadWorker, taskId);
            NodeData node;
            try
            {
                node = await _client.GetDataAsync(assignment).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return false;
            }
            TaskSpec spec = FarmJson.Read<TaskSpec>(node.Data, assignment);
            TaskStatusRecord previous = await ReadOrCreateStatusAsync(taskId, node).ConfigureAwait(false);
            Op[] ops = FarmTransactions.AfterFailedAttempt(Paths, taskId, deadWorker, spec, _farm.Security.TasksFolderAcl, previous,
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

        private async Task<TaskStatusRecord> ReadOrCreateStatusAsync(string taskId, NodeData task)
        {
            string path = Paths.TaskStatus(taskId);
            try
            {
                return FarmJson.Read<TaskStatusRecord>((await _client.GetDataAsync(path).ConfigureAwait(false)).Data, path);
            }
            catch (NoNodeException)
            {
                // The submitter died between creating the task and its status.
                TaskSpec spec = FarmJson.Read<TaskSpec>(task.Data, taskId);
                var status = new TaskStatusRecord { State = TaskState.Queued, Attempt = spec.Attempt, Submitted = spec.Submitted };
                await FarmSetup.CreateIfMissingAsync(_client, path, FarmJson.Write(status), Ids.OpenAclUnsafe).ConfigureAwait(false);
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
