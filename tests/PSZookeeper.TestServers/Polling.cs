using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.TestServers;

/// <summary>Bounded polling: server readiness has no push notification, so we ask until a deadline.</summary>
internal static class Polling
{
    /// <summary>Default pause between polls: short, because start-up and elections take well under a second per step.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Evaluates <paramref name="condition"/> until it is true (returns true) or <paramref name="timeout"/> passes (returns false).</summary>
    internal static async Task<bool> UntilAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition(cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            if (clock.Elapsed >= timeout)
            {
                return false;
            }

            await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Synchronous variant for cheap local checks (e.g. /proc state after a signal).</summary>
    internal static bool Until(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed >= timeout)
            {
                return false;
            }

            Thread.Sleep(10);
        }

        return true;
    }
}
