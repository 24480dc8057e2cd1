using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Tasks
{
    /// <summary>The master's transactions that end or return a task: refusals, cancellations and the recovery of a lost worker's tasks.</summary>
    internal sealed partial class Reconciler
    {
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
            Op[] ops = FarmTransactions.Close(Paths, taskId, Paths.Task(taskId), task.Stat.Version, statusStat, status, _security.NodeAcl);
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
            if (previous == null && spec == null)
            {
                // A running task's mark (it holds no task) whose status retention removed already.
                return await CommitAsync(new[] { Op.Delete(markPath, node.Stat.Version) }).ConfigureAwait(false);
            }
            var status = new TaskStatusRecord
            {
                State = TaskState.Cancelled,
                Attempt = spec?.Attempt ?? previous?.Attempt ?? 1,
                Submitted = spec?.Submitted ?? node.Stat.Created,
                SubmittedBy = spec?.SubmittedBy ?? previous?.SubmittedBy,
                Error = previous?.Error,
                Finished = node.Stat.Created,
            };
            var ops = new List<Op>(FarmTransactions.Close(Paths, taskId, markPath, node.Stat.Version, current?.Stat, status, _security.NodeAcl));
            // A running task's cancellation can meet its re-queue (its worker failed meanwhile).
            Stat? requeued = await _client.ExistsAsync(Paths.Task(taskId)).ConfigureAwait(false);
            if (requeued != null)
            {
                ops.Add(Op.Delete(Paths.Task(taskId), requeued.Version));
            }
            if (await CommitAsync(ops).ConfigureAwait(false))
            {
                _farm.Write($"master: {taskId} was cancelled by a submitter");
                return true;
            }
            return false;
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
                if (await CommitAsync(FarmTransactions.CancelRunning(Paths, taskId, deadWorker, previous, _security.NodeAcl)).ConfigureAwait(false))
                {
                    _farm.Write($"master: {taskId} was cancelled; its worker {deadWorker} is gone");
                    return true;
                }
                return false;
            }
            Op[] ops = FarmTransactions.AfterFailedAttempt(_farm, taskId, deadWorker, spec, _security.NodeAcl, previous,
                $"worker {deadWorker} was lost during attempt {spec.Attempt}", null, null);
            await QueueBuckets.EnsureForRequeueAsync(_client, Paths, _security, taskId, ops).ConfigureAwait(false);
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
                // Every assignment records a status; an assignment without one (made by hand) gets it here,
                // so that the recovery's transaction can set it.
                var status = new TaskStatusRecord { State = TaskState.Queued, Attempt = spec.Attempt, Submitted = spec.Submitted, SubmittedBy = spec.SubmittedBy };
                await _client.EnsurePathAsync(path, FarmJson.Write(status), _security.NodeAcl).ConfigureAwait(false);
                return status;
            }
        }
    }
}
