using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Recipes.Internal
{
    /// <summary>
    /// Runs one idempotent ZooKeeper call, riding out connection loss: after a transient failure
    /// it waits for the connection to come back (not a blind backoff) and tries again, until the
    /// session is lost (<see cref="SessionLostException"/>) or the limit passes (the last transient
    /// error is rethrown). Only for calls that are safe to repeat: reads, versioned writes,
    /// deletes that tolerate NoNode, creates that tolerate NodeExists. Sequential creates go
    /// through <see cref="ProtectedCreate"/> instead.
    /// </summary>
    internal static class Retrying
    {
        /// <summary>How long one call may wait for a reconnect: the session is surely decided by then.</summary>
        public static TimeSpan ReconnectLimit(ConnectionMonitor monitor)
        {
            TimeSpan twice = TimeSpan.FromTicks(monitor.SessionTimeout.Ticks * 2);
            return twice > TimeSpan.FromSeconds(10) ? twice : TimeSpan.FromSeconds(10);
        }

        public static async Task<T> RunAsync<T>(ConnectionMonitor monitor, string? path, Func<Task<T>> call,
            CancellationToken cancellationToken, Deadline? deadline = null)
        {
            Deadline limit = (deadline ?? Deadline.None).Cap(ReconnectLimit(monitor));
            for (int attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ExceptionDispatchInfo failure;
                try
                {
                    return await UnlessLostAsync(monitor, path, call()).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsSessionOver(ex))
                {
                    throw monitor.LostError(path, ex);
                }
                catch (ZooKeeperException ex) when (ex.IsTransient)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
                if (monitor.IsLost)
                {
                    throw monitor.LostError(path, failure.SourceException);
                }
                if (limit.IsExpired)
                {
                    failure.Throw();
                }
                try
                {
                    await monitor.WaitUntilConnectedAsync(limit, path, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    failure.Throw();
                }
                // The failure may precede the Disconnected event, or be throttling: do not spin.
                await Waits.BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }

        public static Task RunAsync(ConnectionMonitor monitor, string? path, Func<Task> call,
            CancellationToken cancellationToken, Deadline? deadline = null) =>
            RunAsync(monitor, path, async () =>
            {
                await call().ConfigureAwait(false);
                return true;
            }, cancellationToken, deadline);

        /// <summary>
        /// Awaits a client call, but gives up with <see cref="SessionLostException"/> once the session
        /// is lost: a request issued while the client is being disposed may never complete.
        /// </summary>
        public static async Task<T> UnlessLostAsync<T>(ConnectionMonitor monitor, string? path, Task<T> call)
        {
            if (!call.IsCompleted && await Task.WhenAny(call, monitor.Lost).ConfigureAwait(false) != call)
            {
                Waits.Observe(call);
                throw monitor.LostError(path);
            }
            return await call.ConfigureAwait(false);
        }

        /// <summary>Errors after which the session can never serve the recipe again.</summary>
        public static bool IsSessionOver(Exception ex) =>
            ex is SessionExpiredException || ex is AuthFailedException || ex is ObjectDisposedException;
    }
}
