using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Core
{
    /// <summary>Blocks a cmdlet thread on a task, cancellable, rethrowing the task's own exception.</summary>
    internal static class TaskWaiter
    {
        /// <summary>Waits for a task; throws its exception unwrapped, or OperationCanceledException when cancelled.</summary>
        public static T Wait<T>(Task<T> task, CancellationToken cancellationToken)
        {
            Wait((Task)task, cancellationToken);
            return task.Result;
        }

        /// <summary>Waits for a task; throws its exception unwrapped, or OperationCanceledException when cancelled.</summary>
        public static void Wait(Task task, CancellationToken cancellationToken)
        {
            try
            {
                task.Wait(cancellationToken);
            }
            catch (AggregateException ae)
            {
                Exception inner = ae.Flatten().InnerExceptions.Count == 1 ? ae.Flatten().InnerExceptions[0] : ae;
                ExceptionDispatchInfo.Capture(inner).Throw();
                throw;
            }
        }

        /// <summary>Waits at most <paramref name="timeout"/>; false when it ran out (the task keeps running).</summary>
        public static bool TryWait(Task task, TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
                bool done = timeout < TimeSpan.Zero ? Wait(task, cancellationToken, Timeout.Infinite) : Wait(task, cancellationToken, (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds));
                return done;
            }
            catch (AggregateException ae)
            {
                Exception inner = ae.Flatten().InnerExceptions.Count == 1 ? ae.Flatten().InnerExceptions[0] : ae;
                ExceptionDispatchInfo.Capture(inner).Throw();
                throw;
            }
        }

        private static bool Wait(Task task, CancellationToken cancellationToken, int milliseconds) => task.Wait(milliseconds, cancellationToken);
    }
}
