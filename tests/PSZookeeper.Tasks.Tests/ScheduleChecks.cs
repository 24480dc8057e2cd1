using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using Xunit;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>What the schedule tests read back from a farm: each queued task of a schedule by the due time it was queued for.</summary>
    internal static class ScheduleChecks
    {
        /// <summary>The schedule's queued tasks (nothing runs them in these tests), each with the due time its name stands for.</summary>
        public static async Task<List<(DateTimeOffset Due, string TaskId, TaskSpec Spec)>> FiredAsync(ZooKeeperClient client, FarmPaths paths, string schedule, CronExpression cron, DateTimeOffset registered)
        {
            List<string> tasks = await QueueContents.ListAsync(client, paths);
            var byPrefix = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            for (DateTimeOffset due = cron.NextAfter(registered)!.Value; due <= DateTimeOffset.UtcNow.AddMinutes(1); due = cron.NextAfter(due)!.Value)
            {
                byPrefix[TaskNames.Prefix(ScheduleNames.TaskKey(schedule, due))] = due;
            }
            var fired = new List<(DateTimeOffset, string, TaskSpec)>();
            foreach (string task in tasks)
            {
                string prefix = task.Substring(0, task.IndexOf('-', "task-".Length) + 1);
                Assert.True(byPrefix.TryGetValue(prefix, out DateTimeOffset due), $"{task} is not the task of any due time of {schedule}");
                fired.Add((due, task, FarmJson.Read<TaskSpec>((await client.GetDataAsync(paths.Task(task))).Data, task)));
            }
            return fired.OrderBy(f => f.Item1).ToList();
        }

        /// <summary>
        /// Each due time queued at most one task, and a due time was skipped only as the missed-fire
        /// rule allows: the task before it was queued before it fell due, and the task after it was
        /// queued for the latest due time at the moment it was queued (no backlog). Returns the due times skipped.
        /// </summary>
        public static List<DateTimeOffset> AssertOncePerDueTime(List<(DateTimeOffset Due, string TaskId, TaskSpec Spec)> fired, CronExpression cron)
        {
            var duplicated = fired.GroupBy(f => f.Due).Where(g => g.Count() > 1).Select(g => $"{g.Key:O}: {string.Join(", ", g.Select(f => f.TaskId))}").ToList();
            Assert.True(duplicated.Count == 0, "due times with more than one task: " + string.Join("; ", duplicated));
            var skipped = new List<DateTimeOffset>();
            for (int i = 1; i < fired.Count; i++)
            {
                var (previousDue, _, previous) = fired[i - 1];
                var (due, task, spec) = fired[i];
                Assert.True(cron.NextAfter(due) > spec.Submitted, $"{task} was queued at {spec.Submitted:O} for {due:O}, but a later due time had fallen due by then");
                for (DateTimeOffset missed = cron.NextAfter(previousDue)!.Value; missed < due; missed = cron.NextAfter(missed)!.Value)
                {
                    Assert.True(previous.Submitted < missed, $"{missed:O} was skipped although the task before it was queued at {previous.Submitted:O}, after it fell due");
                    skipped.Add(missed);
                }
            }
            return skipped;
        }

        /// <summary>Waits (on child watches of tasks/ and its buckets, bounded) until at least <paramref name="count"/> tasks are queued.</summary>
        public static async Task WaitForTasksAsync(ZooKeeperClient client, FarmPaths paths, int count)
        {
            while (true)
            {
                var changed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                // A new task lands in a bucket (new or not): watch tasks/ and every bucket in it.
                int queued = 0;
                foreach (string bucket in (await client.GetChildrenAsync(paths.Tasks, _ => changed.TrySetResult(true))).Where(b => QueueBucket.TryParse(b, out _)))
                {
                    try
                    {
                        queued += (await client.GetChildrenAsync(paths.Bucket(bucket), _ => changed.TrySetResult(true))).Count;
                    }
                    catch (PSZookeeper.Client.Errors.NoNodeException)
                    {
                        // Emptied and removed since the listing: tasks/'s watch fired for it.
                    }
                }
                if (queued >= count)
                {
                    return;
                }
                await changed.Task.Within();
            }
        }
    }
}
