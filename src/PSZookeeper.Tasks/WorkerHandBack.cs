using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// A worker that stops cleanly puts the tasks still assigned to it (stopped mid-run, or not
    /// started yet) back in the queue itself, before its session closes. Left to the master's
    /// recovery of a lost worker, each would count as a failed attempt, wait its retry backoff,
    /// and a task on its last attempt would be marked Failed: a stop asked for by an operator is
    /// not the task's failure. Handed back, a task keeps its attempt number and is due at once.
    /// </summary>
    internal static class WorkerHandBack
    {
        /// <summary>Hands back every assignment of <paramref name="worker"/> that the farm made; returns how many went back.</summary>
        public static async Task<int> RunAsync(FarmSession session, FarmOptions farm, string worker)
        {
            ZooKeeperClient client = session.Client;
            IReadOnlyList<string> assigned;
            try
            {
                assigned = await client.GetChildrenAsync(farm.Paths.WorkerAssignments(worker)).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return 0;
            }
            bool[] returned = await Task.WhenAll(assigned.Select(taskId => HandBackAsync(session, farm, worker, taskId))).ConfigureAwait(false);
            return returned.Count(r => r);
        }

        /// <summary>One task: re-create tasks/&lt;task&gt; with its node unchanged + delete the assignment + status Queued, in one transaction.</summary>
        private static async Task<bool> HandBackAsync(FarmSession session, FarmOptions farm, string worker, string taskId)
        {
            ZooKeeperClient client = session.Client;
            FarmPaths paths = farm.Paths;
            try
            {
                Task<bool> holds = FarmAcl.AssignmentHoldsAsync(client, paths, session.Security, worker, taskId);
                NodeData node = await client.GetDataAsync(paths.Assignment(worker, taskId)).ConfigureAwait(false);
                if (!await holds.ConfigureAwait(false))
                {
                    // Not the farm's assignment: the master removes it; re-queueing it would run it elsewhere.
                    return false;
                }
                TaskSpec spec = FarmJson.Read<TaskSpec>(node.Data, paths.Assignment(worker, taskId));
                var status = new TaskStatusRecord
                {
                    State = TaskState.Queued,
                    Attempt = spec.Attempt,
                    Submitted = spec.Submitted,
                    SubmittedBy = spec.SubmittedBy,
                };
                Op[] handBack =
                {
                    Op.Create(paths.Task(taskId), node.Data, session.Security.NodeAcl),
                    Op.Delete(paths.Assignment(worker, taskId), node.Stat.Version),
                    Op.SetData(paths.TaskStatus(taskId), FarmJson.Write(status)),
                };
                // The task's queue bucket may have been removed by the server once emptied.
                await QueueBuckets.EnsureForRequeueAsync(client, paths, session.Security, taskId, handBack).ConfigureAwait(false);
                await client.MultiAsync(handBack).ConfigureAwait(false);
                farm.Write($"worker {worker}: stopping; handed {taskId} back to the queue (attempt {spec.Attempt})");
                return true;
            }
            catch (Exception ex) when (ex is ZooKeeperException || ex is FormatException)
            {
                // Finished or taken meanwhile, or not a task: whatever is left, the master recovers once the session closes.
                farm.Write($"worker {worker}: stopping; {taskId} not handed back ({ex.Message}); the master recovers it");
                return false;
            }
        }
    }
}
