using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// The master's bounded view of the queue. It lists the bucket names (one per priority and
    /// second, see <see cref="QueueBucket"/>), orders them by priority and slot, and lists and
    /// reads only the first due buckets, a chunk of tasks at a time in queue order, until the
    /// planner has filled every free worker slot. So a pass never lists the whole queue in one
    /// reply, and the master holds the scheduling facts of at most <see cref="MaxExamined"/> tasks
    /// however long the queue is. Tasks no free worker can take now (labels, concurrency limits,
    /// a retry's backoff) are passed over without holding up the ones behind them, up to that bound.
    /// </summary>
    internal sealed class QueueWindow
    {
        /// <summary>The most queued tasks one pass looks at: the tasks behind them wait until the ones in front leave.</summary>
        internal const int MaxExamined = 10_000;

        /// <summary>How many tasks' facts are read (in flight together) before the planner looks at them.</summary>
        private const int Chunk = 256;

        private readonly ZooKeeperClient _client;
        private readonly FarmOptions _farm;
        private readonly HashSet<string> _unreadable = new HashSet<string>(StringComparer.Ordinal);

        // The scheduling facts of the tasks the last pass looked at: a task's node never changes
        // while it has one name in one place, so each is read once while it stays in the window.
        private Dictionary<string, Scheduling> _facts = new Dictionary<string, Scheduling>(StringComparer.Ordinal);

        public QueueWindow(ZooKeeperClient client, FarmOptions farm)
        {
            _client = client;
            _farm = farm;
        }

        /// <summary>How many tasks' facts the window holds now.</summary>
        public int Held => _facts.Count;

        private FarmPaths Paths => _farm.Paths;

        /// <summary>
        /// Plans one pass's assignments from the children of tasks/ (buckets and cancellation marks):
        /// fills <paramref name="workers"/>' free slots in queue order. Returns the plan and when the
        /// earliest task passed over for its NotBefore falls due (null when none was seen).
        /// </summary>
        public async Task<(List<(string TaskId, string Worker)> Plan, DateTimeOffset? NextDue)> PlanAsync(
            IReadOnlyList<string> tasksChildren, IReadOnlyList<WorkerSlots> workers, Dictionary<string, int> runningByKey, DateTimeOffset now)
        {
            var buckets = new List<QueueBucket>();
            foreach (string child in tasksChildren)
            {
                if (QueueBucket.TryParse(child, out QueueBucket bucket))
                {
                    buckets.Add(bucket);
                }
            }
            buckets.Sort(QueueBucket.QueueOrder);
            _unreadable.IntersectWith(buckets.Select(b => b.Name));
            var seen = new Dictionary<string, Scheduling>(StringComparer.Ordinal);
            var plan = new List<(string TaskId, string Worker)>();
            DateTimeOffset? nextDue = null;
            int examined = 0;
            foreach (QueueBucket bucket in buckets)
            {
                if (Free(workers) == 0 || examined >= MaxExamined)
                {
                    break;
                }
                if (bucket.DueAt > now)
                {
                    // Not due yet, nor is any later bucket of its priority: its name says all the master needs.
                    nextDue = Earliest(nextDue, bucket.DueAt);
                    continue;
                }
                IReadOnlyList<string>? names = await ListAsync(bucket).ConfigureAwait(false);
                if (names == null)
                {
                    continue;
                }
                // A task's id names its bucket (everyone finds it by its id alone); a node that names another is no task of this one.
                List<string> ordered = names.Where(name => TaskNames.TryGetBucket(name, out QueueBucket named) && named.Name == bucket.Name)
                    .OrderBy(TaskNames.Sequence).ThenBy(name => name, StringComparer.Ordinal).ToList();
                for (int start = 0; start < ordered.Count && Free(workers) > 0 && examined < MaxExamined; start += Chunk)
                {
                    List<string> chunk = ordered.GetRange(start, Math.Min(Chunk, ordered.Count - start));
                    List<KeyValuePair<string, Scheduling>> facts = await LearnAsync(chunk, seen).ConfigureAwait(false);
                    plan.AddRange(SchedulePlanner.Plan(workers, runningByKey, facts, now, out DateTimeOffset? due));
                    nextDue = due.HasValue ? Earliest(nextDue, due.Value) : nextDue;
                    examined += chunk.Count;
                }
            }
            _facts = seen;
            return (plan, nextDue);
        }

        /// <summary>Forgets a task that left the queue (assigned, or gone meanwhile).</summary>
        public void Forget(string taskId) => _facts.Remove(taskId);

        private static int Free(IReadOnlyList<WorkerSlots> workers) => workers.Sum(w => Math.Max(0, w.Free));

        private static DateTimeOffset Earliest(DateTimeOffset? current, DateTimeOffset candidate) =>
            current.HasValue && current.Value <= candidate ? current.Value : candidate;

        /// <summary>The bucket's tasks; null when it is gone (emptied) or this master may not read it.</summary>
        private async Task<IReadOnlyList<string>?> ListAsync(QueueBucket bucket)
        {
            try
            {
                return await _client.GetChildrenAsync(Paths.Bucket(bucket.Name)).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return null;
            }
            catch (NoAuthException)
            {
                if (_unreadable.Add(bucket.Name))
                {
                    _farm.Write($"master: ignoring {Paths.Bucket(bucket.Name)}: its ACL does not let the farm read it, so it is no bucket the farm's model made");
                }
                return null;
            }
        }

        /// <summary>The chunk's tasks with their facts, in queue order, reading those not known yet (all at once).</summary>
        private async Task<List<KeyValuePair<string, Scheduling>>> LearnAsync(List<string> chunk, Dictionary<string, Scheduling> seen)
        {
            var reads = chunk.Select(id => (id, known: _facts.TryGetValue(id, out Scheduling? facts) ? facts : null,
                data: _facts.ContainsKey(id) ? null : _client.GetDataAsync(Paths.Task(id)))).ToList();
            var learned = new List<KeyValuePair<string, Scheduling>>(chunk.Count);
            foreach (var (id, known, data) in reads)
            {
                Scheduling facts;
                try
                {
                    facts = known ?? Scheduling.Of(FarmJson.TryRead<TaskSpec>((await data!.ConfigureAwait(false)).Data));
                }
                catch (Exception ex) when (ex is NoNodeException || ex is NoAuthException)
                {
                    // Left meanwhile, or a node the farm may not read (no task the model allows): passed over.
                    continue;
                }
                seen[id] = facts;
                learned.Add(new KeyValuePair<string, Scheduling>(id, facts));
            }
            return learned;
        }
    }
}
