using System;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Client.Errors
{
    /// <summary>
    /// Bounded exponential backoff with jitter for idempotent operations: retries only when the
    /// failure is a <see cref="ZooKeeperException"/> whose <see cref="ZooKeeperException.IsTransient"/> is set.
    /// </summary>
    /// <remarks>
    /// Only wrap operations that are safe to apply twice (reads, versioned writes, deletes that
    /// tolerate <see cref="NoNodeException"/>): after <see cref="ConnectionLossException"/> the first
    /// attempt may already have been applied by the server.
    /// </remarks>
    public sealed class RetryPolicy
    {
        // Delays above this overflow Task.Delay's int milliseconds.
        private static readonly TimeSpan MaxSupportedDelay = TimeSpan.FromMilliseconds(int.MaxValue);

        private static readonly object RandomLock = new object();
        private static readonly Random SharedRandom = new Random();

        /// <summary>5 attempts, 100 ms initial delay, 5 s maximum delay.</summary>
        public static RetryPolicy Default { get; } = new RetryPolicy();

        /// <summary>Creates a policy.</summary>
        /// <param name="maxAttempts">Total attempts including the first; at least 1 (1 disables retrying).</param>
        /// <param name="initialDelay">Delay before the first retry; default 100 ms; zero or more.</param>
        /// <param name="maxDelay">Cap on any single delay; default 5 s; at least <paramref name="initialDelay"/>.</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
        public RetryPolicy(int maxAttempts = 5, TimeSpan? initialDelay = null, TimeSpan? maxDelay = null)
        {
            TimeSpan initial = initialDelay ?? TimeSpan.FromMilliseconds(100);
            TimeSpan max = maxDelay ?? TimeSpan.FromSeconds(5);

            if (maxAttempts < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "At least one attempt is required.");
            }

            if (initial < TimeSpan.Zero || initial > MaxSupportedDelay)
            {
                throw new ArgumentOutOfRangeException(nameof(initialDelay), initial, "The initial delay must be between zero and Int32.MaxValue milliseconds.");
            }

            if (max < initial || max > MaxSupportedDelay)
            {
                throw new ArgumentOutOfRangeException(nameof(maxDelay), max, "The maximum delay must be at least the initial delay and at most Int32.MaxValue milliseconds.");
            }

            MaxAttempts = maxAttempts;
            InitialDelay = initial;
            MaxDelay = max;
        }

        /// <summary>Total attempts including the first.</summary>
        public int MaxAttempts { get; }

        /// <summary>Nominal delay before the first retry; doubled for each further retry.</summary>
        public TimeSpan InitialDelay { get; }

        /// <summary>Cap on any single nominal delay.</summary>
        public TimeSpan MaxDelay { get; }

        /// <summary>Runs <paramref name="operation"/>, retrying transient ZooKeeper failures.</summary>
        /// <typeparam name="T">The operation's result type.</typeparam>
        /// <param name="operation">The idempotent operation; receives <paramref name="ct"/>.</param>
        /// <param name="ct">Cancels the operation and any pending delay.</param>
        /// <returns>The result of the first successful attempt.</returns>
        /// <exception cref="ZooKeeperException">A non-transient failure, or the last transient one once attempts are exhausted.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        public Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken ct = default) =>
            ExecuteAsync(operation, null, ct);

        /// <summary>
        /// Runs <paramref name="operation"/>, retrying transient ZooKeeper failures; after each
        /// one, <paramref name="beforeRetry"/> runs before the pause and may throw to stop retrying
        /// (for example to wait for a reconnect, or to give up once a deadline has passed).
        /// </summary>
        /// <typeparam name="T">The operation's result type.</typeparam>
        /// <param name="operation">The idempotent operation; receives <paramref name="ct"/>.</param>
        /// <param name="beforeRetry">Receives the transient failure, the retry number (1-based) and <paramref name="ct"/>; null for none.</param>
        /// <param name="ct">Cancels the operation and any pending delay.</param>
        /// <returns>The result of the first successful attempt.</returns>
        /// <exception cref="ZooKeeperException">A non-transient failure, or the last transient one once attempts are exhausted.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation,
            Func<ZooKeeperException, int, CancellationToken, Task>? beforeRetry, CancellationToken ct = default)
        {
            if (operation is null)
            {
                throw new ArgumentNullException(nameof(operation));
            }

            for (int attempt = 1; ; attempt++)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    return await operation(ct).ConfigureAwait(false);
                }
                catch (ZooKeeperException ex) when (ex.IsTransient && attempt < MaxAttempts)
                {
                    // The exception filter leaves the last failure to propagate untouched (original
                    // stack trace) once attempts run out.
                    if (beforeRetry != null)
                    {
                        await beforeRetry(ex, attempt, ct).ConfigureAwait(false);
                    }
                }

                await DelayAsync(attempt, ct).ConfigureAwait(false);
            }
        }

        /// <summary>Runs <paramref name="operation"/>, retrying transient ZooKeeper failures.</summary>
        /// <param name="operation">The idempotent operation; receives <paramref name="ct"/>.</param>
        /// <param name="ct">Cancels the operation and any pending delay.</param>
        /// <returns>A task that completes when an attempt succeeds.</returns>
        /// <exception cref="ZooKeeperException">A non-transient failure, or the last transient one once attempts are exhausted.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        public Task ExecuteAsync(Func<CancellationToken, Task> operation, CancellationToken ct = default)
        {
            if (operation is null)
            {
                throw new ArgumentNullException(nameof(operation));
            }

            return ExecuteAsync<bool>(
                async token =>
                {
                    await operation(token).ConfigureAwait(false);
                    return true;
                },
                ct);
        }

        /// <summary>
        /// The delay before retry number <paramref name="retry"/> (1-based) for a jitter sample in [0, 1).
        /// </summary>
        /// <remarks>
        /// "Equal jitter": the nominal delay is halved and the other half randomised, so clients
        /// that lost the same server spread out without any retry coming back immediately.
        /// </remarks>
        internal TimeSpan ComputeDelay(int retry, double jitterSample)
        {
            double nominal = InitialDelay.TotalMilliseconds;
            for (int i = 1; i < retry && nominal < MaxDelay.TotalMilliseconds; i++)
            {
                nominal *= 2;
            }

            nominal = Math.Min(nominal, MaxDelay.TotalMilliseconds);
            double half = nominal / 2;
            return TimeSpan.FromMilliseconds(half + (half * jitterSample));
        }

        /// <summary>
        /// The pause before retry number <paramref name="retry"/> (1-based): the nominal delay
        /// doubles from <see cref="InitialDelay"/> up to <see cref="MaxDelay"/>, and half of it is random.
        /// </summary>
        /// <param name="retry">Which retry this pause precedes; 1 for the first.</param>
        /// <param name="ct">Cancels the pause.</param>
        /// <returns>A task that completes when the pause is over.</returns>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        public Task DelayAsync(int retry, CancellationToken ct = default)
        {
            double sample;
            lock (RandomLock)
            {
                sample = SharedRandom.NextDouble();
            }

            TimeSpan delay = ComputeDelay(retry, sample);
            if (delay <= TimeSpan.Zero)
            {
                ct.ThrowIfCancellationRequested();
                return Task.CompletedTask;
            }

            return Task.Delay(delay, ct);
        }
    }
}
