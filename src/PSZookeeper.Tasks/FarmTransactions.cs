using System;
using System.Collections.Generic;
using PSZookeeper.Client;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// Every change of a task's state is one of these transactions, so a task is never lost and
    /// never queued twice: each moves the task between tasks/ and assign/ and writes its status
    /// atomically, and each fails as a whole when another participant got there first.
    /// </summary>
    internal static class FarmTransactions
    {
        /// <summary>Hands a queued task to a live worker: check worker + create assign + delete task + set status.</summary>
        public static Op[] Assign(FarmPaths paths, string taskId, byte[] spec, int taskVersion, string worker, IReadOnlyList<Acl> acl, TaskStatusRecord status) => new[]
        {
            Op.Check(paths.Worker(worker), -1),
            Op.Create(paths.Assignment(worker, taskId), spec, acl),
            Op.Delete(paths.Task(taskId), taskVersion),
            Op.SetData(paths.TaskStatus(taskId), FarmJson.Write(status)),
        };

        /// <summary>Records a final result: set status + delete assign. Refused when the assignment was taken away.</summary>
        public static Op[] Finish(FarmPaths paths, string taskId, string worker, TaskStatusRecord status) => new[]
        {
            Op.Delete(paths.Assignment(worker, taskId)),
            Op.SetData(paths.TaskStatus(taskId), FarmJson.Write(status)),
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
        /// mark. Refused when the assignment was taken away, so a task that finished first keeps
        /// its one final state.
        /// </summary>
        public static Op[] CancelRunning(FarmPaths paths, string taskId, string worker, TaskStatusRecord status) => new[]
        {
            Op.Delete(paths.Assignment(worker, taskId)),
            Op.SetData(paths.TaskStatus(taskId), FarmJson.Write(status)),
            Op.Delete(paths.CancelMark(taskId)),
        };

        /// <summary>
        /// The master ends a task without running it (cancelled, or refused): remove its node in
        /// tasks/ (a queued task or a cancellation mark) and write its final status, creating the
        /// status node when the task never had one.
        /// </summary>
        public static Op[] Close(string node, int nodeVersion, string statusPath, Stat? statusStat, TaskStatusRecord status, IReadOnlyList<Acl> acl) => new[]
        {
            Op.Delete(node, nodeVersion),
            statusStat == null
                ? Op.Create(statusPath, FarmJson.Write(status), acl)
                : Op.SetData(statusPath, FarmJson.Write(status), statusStat.Version),
        };

        /// <summary>
        /// What happens after an attempt ends without success (it failed, or its worker died):
        /// another attempt while attempts remain, otherwise the final Failed status.
        /// </summary>
        public static Op[] AfterFailedAttempt(FarmPaths paths, string taskId, string worker, TaskSpec spec, IReadOnlyList<Acl> taskAcl,
            TaskStatusRecord previous, string error, int? exitCode, string? output, TaskResultSummary? result = null)
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
            if (spec.Attempt < spec.MaxAttempts)
            {
                status.State = TaskState.Queued;
                return Requeue(paths, taskId, worker, NextAttempt(spec), taskAcl, status);
            }
            status.State = TaskState.Failed;
            status.Finished = DateTimeOffset.UtcNow;
            return Finish(paths, taskId, worker, status);
        }

        private static TaskSpec NextAttempt(TaskSpec spec) => new TaskSpec
        {
            Command = spec.Command,
            InputJson = spec.InputJson,
            SubmittedBy = spec.SubmittedBy,
            Submitted = spec.Submitted,
            MaxAttempts = spec.MaxAttempts,
            TimeoutSeconds = spec.TimeoutSeconds,
            ResultDepth = spec.ResultDepth,
            Attempt = spec.Attempt + 1,
        };
    }
}
