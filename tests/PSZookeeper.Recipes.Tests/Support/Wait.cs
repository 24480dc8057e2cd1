using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Recipes.Tests
{
    /// <summary>Bounded waits: a condition that never comes fails the test with a message instead of hanging it.</summary>
    internal static class Wait
    {
        /// <summary>Liveness bound: generous, because the machine is shared with other builds.</summary>
        public static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

        public static async Task<T> Within<T>(this Task<T> task, TimeSpan? timeout = null, string? what = null)
        {
            TimeSpan limit = timeout ?? Long;
            if (await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false) != task)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what ?? "the operation"}.");
            }
            return await task.ConfigureAwait(false);
        }

        public static async Task Within(this Task task, TimeSpan? timeout = null, string? what = null)
        {
            TimeSpan limit = timeout ?? Long;
            if (await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false) != task)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what ?? "the operation"}.");
            }
            await task.ConfigureAwait(false);
        }

        /// <summary>
        /// Re-checks <paramref name="condition"/> each time <paramref name="signal"/> pulses (an event
        /// the code under test raises), until it holds; fails after <paramref name="timeout"/>.
        /// </summary>
        public static async Task UntilAsync(Func<bool> condition, Pulse signal, TimeSpan timeout, string what)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                Task next = signal.Next;
                if (condition())
                {
                    return;
                }
                TimeSpan left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.");
                }
                await Task.WhenAny(next, Task.Delay(left)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>What differs between a cache and the server, for waits that must say so when they fail.</summary>
    internal static class Converge
    {
        /// <summary>
        /// Waits, re-checking on each pulse, until <paramref name="difference"/> returns null; on
        /// timeout the failure names the last difference seen.
        /// </summary>
        public static async Task UntilSameAsync(Func<string?> difference, Pulse signal, TimeSpan timeout, string what)
        {
            string? last = null;
            try
            {
                await Wait.UntilAsync(() => (last = difference()) == null, signal, timeout, what).ConfigureAwait(false);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message} It still differs: {last}", ex);
            }
        }
    }

    /// <summary>A re-armable signal: tests pulse it from event handlers and wait on <see cref="Next"/>.</summary>
    internal sealed class Pulse
    {
        private TaskCompletionSource<bool> _next = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Next => Volatile.Read(ref _next).Task;

        public void Fire()
        {
            var fresh = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Exchange(ref _next, fresh).TrySetResult(true);
        }
    }
}
