using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Framework
{
    /// <summary>
    /// Runs one idempotent ZooKeeper call through the client's <see cref="RetryPolicy"/>, riding
    /// out connection loss: after a transient failure it waits for the connection to come back
    /// (not a blind backoff), pauses briefly and tries again, until the session is lost
    /// (<see cref="SessionLostException"/>) or the limit passes (the last transient error is
    /// rethrown). Only for calls that are safe to repeat: reads, versioned writes, deletes that
    /// tolerate NoNode, creates that tolerate NodeExists.
    /// </summary>
    public static class Retrying
    {
        /// <summary>
        /// The pause between attempts once connected again (the failure may precede the
        /// Disconnected event, or be throttling): 20 ms doubling to 1 s, jittered. Also the pause
        /// of loops that retry whole steps after an unexpected failure.
        /// </summary>
        public static RetryPolicy Backoff { get; } = new RetryPolicy(int.MaxValue, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(1));

        /// <summary>How long one call may wait for a reconnect: the session is surely decided by then.</summary>
        /// <param name="monitor">The session's monitor.</param>
        /// <returns>Twice the session timeout, and at least 10 s.</returns>
        public static TimeSpan ReconnectLimit(ConnectionMonitor monitor)
        {
            TimeSpan twice = TimeSpan.FromTicks(monitor.SessionTimeout.Ticks * 2);
            return twice > TimeSpan.FromSeconds(10) ? twice : TimeSpan.FromSeconds(10);
        }

        /// <summary>Runs <paramref name="call"/>, retried across connection loss.</summary>
        /// <typeparam name="T">The call's result.</typeparam>
        /// <param name="monitor">The session's monitor.</param>
        /// <param name="path">The znode concerned, for the errors.</param>
        /// <param name="call">The idempotent call.</param>
        /// <param name="cancellationToken">Stops retrying.</param>
        /// <param name="deadline">When to give up; the reconnect limit caps it.</param>
        /// <param name="onRetry">
        /// Told of each transient failure that will be retried, before the wait for the reconnect
        /// (for a caller that reports retries); runs on a pool thread, so it must only queue.
        /// </param>
        /// <returns>The call's result.</returns>
        /// <exception cref="SessionLostException">The session ended.</exception>
        public static Task<T> RunAsync<T>(ConnectionMonitor monitor, string? path, Func<Task<T>> call,
            CancellationToken cancellationToken, Deadline? deadline = null, Action<Exception>? onRetry = null)
        {
            Deadline limit = (deadline ?? Deadline.None).Cap(ReconnectLimit(monitor));
            return Backoff.ExecuteAsync(async _ =>
            {
                try
                {
                    return await UnlessLostAsync(monitor, path, call()).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsSessionOver(ex))
                {
                    throw monitor.LostError(path, ex);
                }
            },
            async (failure, _, token) =>
            {
                if (monitor.IsLost)
                {
                    throw monitor.LostError(path, failure);
                }
                if (limit.IsExpired)
                {
                    Rethrow(failure);
                }
                onRetry?.Invoke(failure);
                try
                {
                    await monitor.WaitUntilConnectedAsync(limit, path, token).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    Rethrow(failure);
                }
            }, cancellationToken);
        }

        /// <summary>Runs <paramref name="call"/>, retried across connection loss.</summary>
        /// <param name="monitor">The session's monitor.</param>
        /// <param name="path">The znode concerned, for the errors.</param>
        /// <param name="call">The idempotent call.</param>
        /// <param name="cancellationToken">Stops retrying.</param>
        /// <param name="deadline">When to give up; the reconnect limit caps it.</param>
        /// <param name="onRetry">Told of each transient failure that will be retried; must only queue.</param>
        /// <returns>A task that completes when the call succeeded.</returns>
        /// <exception cref="SessionLostException">The session ended.</exception>
        public static Task RunAsync(ConnectionMonitor monitor, string? path, Func<Task> call,
            CancellationToken cancellationToken, Deadline? deadline = null, Action<Exception>? onRetry = null) =>
            RunAsync(monitor, path, async () =>
            {
                await call().ConfigureAwait(false);
                return true;
            }, cancellationToken, deadline, onRetry);

        /// <summary>
        /// Awaits a client call, but gives up with <see cref="SessionLostException"/> once the session
        /// is lost: a request issued while the client is being disposed may never complete.
        /// </summary>
        /// <typeparam name="T">The call's result.</typeparam>
        /// <param name="monitor">The session's monitor.</param>
        /// <param name="path">The znode concerned, for the errors.</param>
        /// <param name="call">The call in flight.</param>
        /// <returns>The call's result.</returns>
        public static async Task<T> UnlessLostAsync<T>(ConnectionMonitor monitor, string? path, Task<T> call)
        {
            if (!call.IsCompleted && await Task.WhenAny(call, monitor.Lost).ConfigureAwait(false) != call)
            {
                Waits.Observe(call);
                throw monitor.LostError(path);
            }
            return await call.ConfigureAwait(false);
        }

        /// <summary>Errors after which the session can never serve its user again.</summary>
        /// <param name="ex">The error.</param>
        /// <returns>True for session expiry, refused credentials and a closed client.</returns>
        public static bool IsSessionOver(Exception ex) =>
            ex is SessionExpiredException || ex is AuthFailedException || ex is ObjectDisposedException;

        private static void Rethrow(Exception failure) =>
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
    }
}
