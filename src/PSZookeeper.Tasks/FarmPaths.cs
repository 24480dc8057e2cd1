using System;
using PSZookeeper.Client;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// The farm's znode schema under a configurable root:
    /// <code>
    /// root/election/n_seq             master candidates (ephemeral-sequential)
    /// root/master                     the active master's id
    /// root/workers/name               live workers (ephemeral, JSON WorkerInfo)
    /// root/tasks/p5-1764669600        a queue bucket (container): tasks of priority 5 due in that second (see QueueBucket)
    /// root/tasks/p5-1764669600/task-key-p5-1764669600-seq
    ///                                 a queued task (persistent-sequential, JSON TaskSpec; id: see TaskNames)
    /// root/tasks/cancelled-task-...   a submitter's cancellation, until the master records it
    /// root/assign/name/task-seq       a task while a worker owns it
    /// root/status/task-seq            the task's state (JSON TaskStatusRecord)
    /// root/results/task-seq/aN-i      chunk i of attempt N's result items (see TaskResultStore)
    /// root/done/task-...-seq          a finished task, in the order tasks finished (data: its final state), for retention
    /// root/schedules/name             a recurring schedule (JSON ScheduleRecord: cron, time zone, task template, last fired due time)
    /// </code>
    /// </summary>
    public sealed class FarmPaths
    {
        /// <summary>The root used when none is given.</summary>
        public const string DefaultRoot = "/pszk-farm";

        /// <summary>Creates the schema under <paramref name="root"/>.</summary>
        public FarmPaths(string root = DefaultRoot)
        {
            ZNodePath.Validate(root);
            Root = root;
        }

        /// <summary>The farm's root.</summary>
        public string Root { get; }

        /// <summary>Parent of the master candidates.</summary>
        public string Election => ZNodePath.Join(Root, "election");

        /// <summary>Holds the active master's id.</summary>
        public string Master => ZNodePath.Join(Root, "master");

        /// <summary>Parent of the live workers.</summary>
        public string Workers => ZNodePath.Join(Root, "workers");

        /// <summary>Parent of the queued tasks.</summary>
        public string Tasks => ZNodePath.Join(Root, "tasks");

        /// <summary>Parent of the per-worker assignment folders.</summary>
        public string Assign => ZNodePath.Join(Root, "assign");

        /// <summary>Parent of the task status nodes.</summary>
        public string Status => ZNodePath.Join(Root, "status");

        /// <summary>Parent of the task result folders.</summary>
        public string Results => ZNodePath.Join(Root, "results");

        /// <summary>Parent of the finished-task marks, in finishing order (see <see cref="DoneMarkPrefix"/>).</summary>
        public string Done => ZNodePath.Join(Root, "done");

        /// <summary>
        /// The name prefix of a task's finished mark: the transaction that records a final state
        /// creates done/&lt;task&gt;- (sequential), so done/ lists finished tasks oldest first and
        /// retention finds them without reading every status.
        /// </summary>
        public string DoneMarkPrefix(string taskId) => Child(Done, taskId) + "-";

        /// <summary>The task a finished mark (a child of done/) stands for.</summary>
        public static string TaskOfDoneMark(string mark) => mark.Substring(0, mark.LastIndexOf('-'));

        /// <summary>Parent of the recurring schedules (see <see cref="ScheduleRecord"/>).</summary>
        public string Schedules => ZNodePath.Join(Root, "schedules");

        /// <summary>A schedule's node.</summary>
        public string Schedule(string name) => Child(Schedules, name);

        /// <summary>True for a schedule's node (a child of schedules/).</summary>
        public bool IsSchedule(string path) =>
            path.StartsWith(Schedules + "/", StringComparison.Ordinal) && path.IndexOf('/', Schedules.Length + 1) < 0;

        /// <summary>A task's result folder.</summary>
        public string TaskResults(string taskId) => Child(Results, taskId);

        /// <summary>One chunk of one attempt's result.</summary>
        public string ResultChunk(string taskId, int attempt, int index) =>
            Child(TaskResults(taskId), "a" + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + index.ToString("D4", System.Globalization.CultureInfo.InvariantCulture));

        /// <summary>A worker's registration node.</summary>
        public string Worker(string worker) => Child(Workers, worker);

        /// <summary>A queued task's node, in the bucket its id names (an id without one names no bucket: tasks/id).</summary>
        public string Task(string taskId) =>
            TaskNames.TryGetBucket(taskId, out QueueBucket bucket) ? Child(Bucket(bucket.Name), taskId) : Child(Tasks, taskId);

        /// <summary>A queue bucket (see <see cref="QueueBucket"/>).</summary>
        internal string Bucket(string bucket) => Child(Tasks, bucket);

        /// <summary>A worker's assignment folder.</summary>
        public string WorkerAssignments(string worker) => Child(Assign, worker);

        /// <summary>A task's node while assigned to a worker.</summary>
        public string Assignment(string worker, string taskId) => Child(WorkerAssignments(worker), taskId);

        /// <summary>A task's status node.</summary>
        public string TaskStatus(string taskId) => Child(Status, taskId);

        /// <summary>The folders every participant creates if missing.</summary>
        public string[] Folders => new[] { Root, Election, Workers, Tasks, Assign, Status, Results, Done, Schedules };

        /// <summary>True for an assignment node (or anything below one): assign/worker/task...</summary>
        public bool IsAssignment(string path) =>
            path.StartsWith(Assign + "/", StringComparison.Ordinal) && path.IndexOf('/', Assign.Length + 1) > 0;

        /// <summary>The cancellation mark of a task: a submitter creates it in the same transaction that removes the queued task.</summary>
        public string CancelMark(string taskId) => Child(Tasks, CancelPrefix + taskId);

        /// <summary>The name prefix of cancellation marks in tasks/; such nodes are never run.</summary>
        public const string CancelPrefix = "cancelled-";

        /// <summary>The child <paramref name="name"/> of <paramref name="parent"/>, validated.</summary>
        internal static string Child(string parent, string name)
        {
            if (string.IsNullOrEmpty(name) || name.IndexOf('/') >= 0)
            {
                throw new ArgumentException($"'{name}' is not a valid worker or task name.", nameof(name));
            }
            return ZNodePath.Join(parent, name);
        }
    }
}
