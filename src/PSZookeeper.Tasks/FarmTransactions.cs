using System;
using System.Collections.Generic;
using System.Text;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// Every change of a task's state is one of these transactions, so a task is never lost and
    /// never queued twice: each moves the task between tasks/ and assign/ and writes its status
    /// atomically, and each fails as a whole when another participant got there first. Every
    /// transaction that records a final state also creates the task's finished mark in done/, so
    /// retention finds finished tasks in finishing order.
    /// </summary>
    internal static class FarmTransactions
    {
        private static readonly Random Jitter = new Random();

        /// <summary>Fails a batch of assignments when the worker is gone; one per worker per batch.</summary>
        public static Op CheckWorker(FarmPaths paths, string worker) => Op.Check(paths.Worker(worker), -1);

        /// <summary>
        /// Hands a queued task to a worker (with <see cref="CheckWorker"/> in the same transaction):
        /// create assign + delete task + record the Assigned status, creating the status node on a
        /// task's first attempt (submitters write no status) and setting it on a retry.
        /// </summary>
        public static Op[] Assign(FarmPaths paths, string taskId, byte[] spec, int taskVersion, string worker, IReadOnlyList<Acl> acl, TaskStatusRecord status, bool statusExists) => new[]
        {
            Op.Create(paths.Assignment(worker, taskId), spec, acl),
            Op.Delete(paths.Task(taskId), taskVersion),
            statusExists
                ? Op.SetData(paths.TaskStatus(taskId), FarmJson.Write(status))
                : Op.Create(paths.TaskStatus(taskId), FarmJson.Write(status), acl),
        };

        /// <summary>Records a final result: delete assign + set status + the finished mark. Refused when the assignment was taken away.</summary>
        public static Op[] Finish(FarmPaths paths, string taskId, string worker, TaskStatusRecord status, IReadOnlyList<Acl> acl) => new[]
        {
            Op.Delete(paths.Assignment(worker, taskId)),
            Op.SetData(paths.TaskStatus(taskId), FarmJson.Write(status)),
            DoneMark(paths, taskId, status.State, acl),
        };

        /// <summary>Puts a task back in the queue under its own name for another attempt: re-create task + delete assign + set status.</summary>
        public static Op[] Requeue(FarmPaths paths, string taskId, string worker, TaskSpec nextAttempt, IReadOnlyList<Acl> taskAcl, TaskStatusRecord status) => new[]
        {
            Op.Create(paths.Task(taskId), FarmJson.Write(nextAttempt), taskAcl),
            Op.Delete(paths.Assignment(worker, taskId)),
            Op.SetData(paths.TaskStatus(taskId), FarmJson.Write(status)),
        };

        /// <summary>
        /// A submitter cancels a task still in the queue: delete task + create its cancellation mark
        /// (holding the task). Refused once a worker has it. Submitters cannot write status, so the
        /// master records the cancellation with <see cref="Close"/>.
        /// </summary>
        public static Op[] Cancel(FarmPaths paths, string taskId, byte[]? spec, int taskVersion, IReadOnlyList<Acl> acl) => new[]
        {
            Op.Delete(paths.Task(taskId), taskVersion),
            Op.Create(paths.CancelMark(taskId), spec, acl),
        };

        /// <summary>
        /// A running task ends as cancelled (its worker stopped it, or the master found its worker
        /// gone): delete the assignment + write the Cancelled status + delete the cancellation
        /// mark + the finished mark. Refused when the assignment was taken away, so a task that
        /// finished first keeps its one final state.
        /// </summary>
        public static Op[] CancelRunning(FarmPaths paths, string taskId, string worker, TaskStatusRecord status, IReadOnlyList<Acl> acl) => new[]
        {
            Op.Delete(paths.Assignment(worker, taskId)),
            Op.SetData(paths.TaskStatus(taskId), FarmJson.Write(status)),
            Op.Delete(paths.CancelMark(taskId)),
            DoneMark(paths, taskId, status.State, acl),
        };

        /// <summary>
        /// The master ends a task without running it (cancelled, or refused): remove its node in
        /// tasks/ (a queued task or a cancellation mark), write its final status (creating the
        /// status node when the task never had one) and its finished mark.
        /// </summary>
        public static Op[] Close(FarmPaths paths, string taskId, string node, int nodeVersion, Stat? statusStat, TaskStatusRecord status, IReadOnlyList<Acl> acl) => new[]
        {
            Op.Delete(node, nodeVersion),
            statusStat == null
                ? Op.Create(paths.TaskStatus(taskId), FarmJson.Write(status), acl)
                : Op.SetData(paths.TaskStatus(taskId), FarmJson.Write(status), statusStat.Version),
            DoneMark(paths, taskId, status.State, acl),
        };

        /// <summary>
        /// What happens after an attempt ends without success (it failed, or its worker died):
        /// another attempt after its backoff while attempts remain, otherwise the final Failed status.
        /// </summary>
        public static Op[] AfterFailedAttempt(FarmOptions farm, string taskId, string worker, TaskSpec spec, IReadOnlyList<Acl> acl,
            TaskStatusRecord previous, string error, int? exitCode, string? output, IReadOnlyList<Op>? resultOps = null, TaskResultSummary? result = null)
        {
            var status = new TaskStatusRecord
            {
                Worker = worker,
                Attempt = spec.Attempt,
                ExitCode = exitCode,
                Error = error,
                Output = output,
                Result = result,
                Submitted = previous.Submitted,
                SubmittedBy = previous.SubmittedBy,
                Started = previous.Started,
            };
            var ops = new List<Op>(resultOps ?? Array.Empty<Op>());
            if (spec.Attempt < spec.MaxAttempts)
            {
                TaskSpec next = NextAttempt(spec, DateTimeOffset.UtcNow + Backoff(farm, spec));
                status.State = TaskState.Queued;
                status.NotBefore = next.NotBefore;
                ops.AddRange(Requeue(farm.Paths, taskId, worker, next, acl, status));
                return ops.ToArray();
            }
            status.State = TaskState.Failed;
            status.Finished = DateTimeOffset.UtcNow;
            ops.AddRange(Finish(farm.Paths, taskId, worker, status, acl));
            return ops.ToArray();
        }

        /// <summary>
        /// Removes finished tasks for retention: each one's finished mark, status, result chunks
        /// and result folder (Chunks: the folder's children; null when the task has no result folder).
        /// </summary>
        public static List<Op> Remove(FarmPaths paths, IEnumerable<(string Mark, string TaskId, IReadOnlyList<string>? Chunks)> finished)
        {
            var ops = new List<Op>();
            foreach (var (mark, taskId, chunks) in finished)
            {
                ops.Add(Op.Delete(FarmPaths.Child(paths.Done, mark)));
                ops.Add(Op.Delete(paths.TaskStatus(taskId)));
                if (chunks != null)
                {
                    foreach (string chunk in chunks)
                    {
                        ops.Add(Op.Delete(FarmPaths.Child(paths.TaskResults(taskId), chunk)));
                    }
                    ops.Add(Op.Delete(paths.TaskResults(taskId)));
                }
            }
            return ops;
        }

        /// <summary>The finished mark: done/&lt;task&gt;-&lt;sequence&gt;, holding the final state's name.</summary>
        private static Op DoneMark(FarmPaths paths, string taskId, TaskState state, IReadOnlyList<Acl> acl) =>
            Op.Create(paths.DoneMarkPrefix(taskId), Encoding.UTF8.GetBytes(state.ToString()), acl, CreateMode.PersistentSequential);

        /// <summary>
        /// The wait before the next attempt: the task's (or the farm's) first delay doubled for each
        /// attempt made, capped, with "equal jitter" (half fixed, half random) so retries of tasks
        /// that failed together spread out.
        /// </summary>
        internal static TimeSpan Backoff(FarmOptions farm, TaskSpec spec)
        {
            TimeSpan first = spec.RetryDelaySeconds.HasValue ? TimeSpan.FromSeconds(spec.RetryDelaySeconds.Value) : farm.RetryDelay;
            TimeSpan max = spec.MaxRetryDelaySeconds.HasValue ? TimeSpan.FromSeconds(spec.MaxRetryDelaySeconds.Value) : farm.MaxRetryDelay;
            var policy = new RetryPolicy(maxAttempts: 1, first, max < first ? first : max);
            double sample;
            lock (Jitter)
            {
                sample = Jitter.NextDouble();
            }
            return policy.ComputeDelay(spec.Attempt, sample);
        }

        /// <summary>The same task for its next attempt (a copy through its stored form, so no field is ever left behind).</summary>
        private static TaskSpec NextAttempt(TaskSpec spec, DateTimeOffset notBefore)
        {
            TaskSpec next = FarmJson.Read<TaskSpec>(FarmJson.Write(spec), "task");
            next.Attempt = spec.Attempt + 1;
            next.NotBefore = notBefore;
            return next;
        }
    }
}
