using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// Completes a <see cref="PendingRequest{T}"/> by running its task inline on the publishing
    /// thread. A task's delegate cannot be bound to the task before the task's constructor runs,
    /// so every request shares one delegate (<see cref="OutcomeOf{T}"/>), which finds its request
    /// as the task this scheduler is running on the thread.
    /// </summary>
    internal sealed class RequestCompletion : TaskScheduler
    {
        private static readonly RequestCompletion Instance = new RequestCompletion();

        [ThreadStatic]
        private static Task? t_running;

        public static void Run(Task request)
        {
            try
            {
                request.RunSynchronously(Instance);
            }
            catch (InvalidOperationException)
            {
                // Its caller called Start on it: the task has failed already, saying why (OutcomeOf).
            }
        }

        /// <summary>The delegate of every request's task.</summary>
        public static T OutcomeOf<T>() => t_running is PendingRequest<T> request
            ? request.TakeOutcome()
            : throw new InvalidOperationException("A ZooKeeper request's task completes when its reply arrives; it cannot be started.");

        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => Execute(task);

        // RunSynchronously queues the task when it finds the stack too deep to run it inline; it
        // is our delegate, a few frames deep, so it runs here all the same.
        protected override void QueueTask(Task task) => Execute(task);

        protected override IEnumerable<Task> GetScheduledTasks() => Array.Empty<Task>();

        private bool Execute(Task task)
        {
            Task? outer = t_running;
            t_running = task;
            try
            {
                return TryExecuteTask(task);
            }
            finally
            {
                t_running = outer;
            }
        }
    }
}
