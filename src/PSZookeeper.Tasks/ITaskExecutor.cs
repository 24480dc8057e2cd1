using System.Collections.Generic;
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
        /// <param name="exitCode">0 for success.</param>
        /// <param name="output">The output as text.</param>
        /// <param name="error">The error text.</param>
        /// <param name="resultItems">Serialized result items (objects, errors, messages) for the submitter, or null.</param>
        public TaskOutcome(int exitCode, string output, string error, IReadOnlyList<string>? resultItems = null)
        {
            ExitCode = exitCode;
            Output = output;
            Error = error;
            ResultItems = resultItems;
        }

        /// <summary>0 for success.</summary>
        public int ExitCode { get; }

        /// <summary>Standard output.</summary>
        public string Output { get; }

        /// <summary>Standard error or the failure's message.</summary>
        public string Error { get; }

        /// <summary>The result items the worker stores for the submitter (opaque to the farm), or null.</summary>
        public IReadOnlyList<string>? ResultItems { get; }
    }
}
