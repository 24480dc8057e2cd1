using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Tasks
{
    /// <summary>Runs one task attempt. Implementations must honour cancellation (the timeout and worker shutdown).</summary>
    public interface ITaskExecutor
    {
        /// <summary>Runs the task; its output files go to <see cref="TaskContext.WorkDirectory"/>.</summary>
        Task<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken);
    }

    /// <summary>What an executor is given.</summary>
    public sealed class TaskContext
    {
        /// <summary>Creates the context.</summary>
        public TaskContext(string taskId, TaskSpec spec, string workDirectory)
        {
            TaskId = taskId;
            Spec = spec;
            WorkDirectory = workDirectory;
        }

        /// <summary>The task's id (task-seq).</summary>
        public string TaskId { get; }

        /// <summary>The task as submitted.</summary>
        public TaskSpec Spec { get; }

        /// <summary>./worker/taskid: where stdout, stderr and result files are kept.</summary>
        public string WorkDirectory { get; }
    }

    /// <summary>What an attempt produced.</summary>
    public sealed class TaskOutcome
    {
        /// <summary>Creates an outcome.</summary>
        public TaskOutcome(int exitCode, string output, string error)
        {
            ExitCode = exitCode;
            Output = output;
            Error = error;
        }

        /// <summary>0 for success.</summary>
        public int ExitCode { get; }

        /// <summary>Standard output.</summary>
        public string Output { get; }

        /// <summary>Standard error or the failure's message.</summary>
        public string Error { get; }
    }
}
