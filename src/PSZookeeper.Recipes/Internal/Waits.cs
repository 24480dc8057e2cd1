using System;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Recipes.Internal
{
    /// <summary>Bounded, cancellable waits on signals: the only way recipes wait.</summary>
    internal static class Waits
    {
        /// <summary>
        /// Waits for the first of <paramref name="signals"/>; returns it, or null when the deadline
        /// passes first. Throws <see cref="OperationCanceledException"/> when cancelled first.
        /// The timer is disposed on return, so repeated waits leave nothing behind.
        /// </summary>
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
        public static TaskCompletionSource<bool> NewSignal() =>
            new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Marks a task's failure as seen, for pipelined reads abandoned after an earlier one failed.</summary>
        public static void Observe(Task? task)
        {
            task?.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>Short growing pause between retries that did not need a reconnect (throttling, timeouts).</summary>
        public static Task BackoffAsync(int attempt, CancellationToken cancellationToken)
        {
            int ms = Math.Min(1000, 10 << Math.Min(attempt, 7));
            return Task.Delay(ms, cancellationToken);
        }
    }
}
