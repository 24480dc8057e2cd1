using System;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Framework
{
    /// <summary>Bounded, cancellable waits on signals: the one way the layers above the client wait.</summary>
    public static class Waits
    {
        /// <summary>
        /// Waits for the first of <paramref name="signals"/>; returns it, or null when the deadline
        /// passes first. Throws <see cref="OperationCanceledException"/> when cancelled first.
        /// The timer is disposed on return, so repeated waits leave nothing behind.
        /// </summary>
        /// <param name="deadline">When to give up.</param>
        /// <param name="cancellationToken">Stops waiting with <see cref="OperationCanceledException"/>.</param>
        /// <param name="signals">The tasks to wait for.</param>
        /// <returns>The first completed signal, or null when the deadline passed first.</returns>
        public static async Task<Task?> AnyAsync(Deadline deadline, CancellationToken cancellationToken, params Task[] signals)
        {
            foreach (Task signal in signals)
            {
                if (signal.IsCompleted)
                {
                    return signal;
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (deadline.IsExpired)
            {
                return null;
            }
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                Task timer = Task.Delay(deadline.RemainingMilliseconds, stop.Token);
                var all = new Task[signals.Length + 1];
                Array.Copy(signals, all, signals.Length);
                all[signals.Length] = timer;
                Task first = await Task.WhenAny(all).ConfigureAwait(false);
                stop.Cancel();
                if (first != timer)
                {
                    return first;
                }
                cancellationToken.ThrowIfCancellationRequested();
                return null;
            }
        }

        /// <summary>A signal whose continuations never run inline on the thread that sets it.</summary>
        /// <returns>A new, unset signal.</returns>
        public static TaskCompletionSource<bool> NewSignal() =>
            new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>
        /// A task that completes (successfully) when <paramref name="token"/> is cancelled, to wait on
        /// a token among other signals.
        /// </summary>
        /// <param name="token">The token.</param>
        /// <returns>The task.</returns>
        public static Task AsTask(this CancellationToken token)
        {
            if (token.IsCancellationRequested)
            {
                return Task.CompletedTask;
            }
            var signal = NewSignal();
            token.Register(() => signal.TrySetResult(true));
            return signal.Task;
        }

        /// <summary>Marks a task's failure as seen, for pipelined reads abandoned after an earlier one failed.</summary>
        /// <param name="task">The abandoned task, or null.</param>
        public static void Observe(Task? task)
        {
            task?.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
