using System;
using System.Collections.Generic;
using System.Linq;

namespace PSZookeeper.Tasks
{
    /// <summary>What the master needs to know of a task to schedule it (read once from its node).</summary>
    internal sealed class Scheduling
    {
        public static readonly Scheduling Unreadable = new Scheduling();

        public int Priority { get; private set; }

        public DateTimeOffset? NotBefore { get; private set; }

        public IReadOnlyList<string> Labels { get; private set; } = Array.Empty<string>();

        public string? ConcurrencyKey { get; private set; }

        public int ConcurrencyLimit { get; private set; }

        /// <summary>True when the task counts against a concurrency limit.</summary>
        public bool IsLimited => ConcurrencyKey != null && ConcurrencyLimit > 0;

        /// <summary>
        /// The facts of a task spec. An unreadable node is scheduled like a plain task, so that the
        /// assignment reads it again and refuses it.
        /// </summary>
        public static Scheduling Of(TaskSpec? spec) => spec == null ? Unreadable : new Scheduling
        {
            Priority = spec.Priority,
            NotBefore = spec.NotBefore,
            Labels = spec.Labels ?? (IReadOnlyList<string>)Array.Empty<string>(),
            ConcurrencyKey = spec.ConcurrencyKey,
            ConcurrencyLimit = spec.ConcurrencyLimit ?? 0,
        };
    }

    /// <summary>A live worker as the planner sees it.</summary>
    internal sealed class WorkerSlots
    {
        public WorkerSlots(string name, int free, IEnumerable<string> labels)
        {
            Name = name;
            Free = free;
            Labels = new HashSet<string>(labels, StringComparer.OrdinalIgnoreCase);
        }

        public string Name { get; }

        public int Free { get; set; }

        public HashSet<string> Labels { get; }
    }

    /// <summary>
    /// Decides one pass's assignments: due tasks by priority (higher first), then in the order they
    /// are given (the queue's order, see <see cref="QueueWindow"/>); each goes to the worker with the most free slots among those that have all its
    /// labels (ties to the first by name, so the choice is stable), unless its concurrency key
    /// already runs its limit. A task that cannot run now is passed over, never blocking the
    /// tasks behind it.
    /// </summary>
    internal static class SchedulePlanner
    {
        public static List<(string TaskId, string Worker)> Plan(
            IReadOnlyList<WorkerSlots> workers,
            Dictionary<string, int> runningByKey,
            IEnumerable<KeyValuePair<string, Scheduling>> queued,
            DateTimeOffset now,
            out DateTimeOffset? nextDue)
        {
            nextDue = null;
            var due = new List<KeyValuePair<string, Scheduling>>();
            foreach (var task in queued)
            {
                if (task.Value.NotBefore > now)
                {
                    nextDue = nextDue == null || task.Value.NotBefore < nextDue ? task.Value.NotBefore : nextDue;
                }
                else
                {
                    due.Add(task);
                }
            }
            var plan = new List<(string, string)>();
            int free = workers.Sum(w => Math.Max(0, w.Free));
            var ordered = workers.OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
            // Stable: tasks of one priority keep the queue order they came in.
            foreach (var task in due.OrderByDescending(t => t.Value.Priority))
            {
                if (free == 0)
                {
                    break;
                }
                Scheduling facts = task.Value;
                runningByKey.TryGetValue(facts.ConcurrencyKey ?? string.Empty, out int running);
                if (facts.IsLimited && running >= facts.ConcurrencyLimit)
                {
                    continue;
                }
                WorkerSlots? best = null;
                foreach (WorkerSlots worker in ordered)
                {
                    if (worker.Free > (best?.Free ?? 0) && facts.Labels.All(worker.Labels.Contains))
                    {
                        best = worker;
                    }
                }
                if (best == null)
                {
                    continue;
                }
                best.Free--;
                free--;
                if (facts.ConcurrencyKey != null)
                {
                    runningByKey[facts.ConcurrencyKey] = running + 1;
                }
                plan.Add((task.Key, best.Name));
            }
            return plan;
        }
    }
}
