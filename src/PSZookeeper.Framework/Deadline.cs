using System;
using System.Diagnostics;
using System.Threading;

namespace PSZookeeper.Framework
{
    /// <summary>A point in (monotonic) time by which a wait must end; or none.</summary>
    public readonly struct Deadline
    {
        private static readonly Stopwatch Clock = Stopwatch.StartNew();
        private readonly long _endTicks;

        private Deadline(long endTicks, TimeSpan timeout)
        {
            _endTicks = endTicks;
            Timeout = timeout;
        }

        /// <summary>No deadline: waits end only when what they wait for happens, or on cancellation.</summary>
        public static Deadline None => new Deadline(long.MaxValue, System.Threading.Timeout.InfiniteTimeSpan);

        /// <summary>The timeout this deadline was made from (infinite for <see cref="None"/>).</summary>
        public TimeSpan Timeout { get; }

        /// <summary>True for <see cref="None"/>.</summary>
        public bool IsInfinite => _endTicks == long.MaxValue;

        /// <summary>True once the deadline has passed.</summary>
        public bool IsExpired => !IsInfinite && Clock.Elapsed.Ticks >= _endTicks;

        /// <summary>Time left, never negative; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> when infinite.</summary>
        public TimeSpan Remaining => IsInfinite
            ? System.Threading.Timeout.InfiniteTimeSpan
            : TimeSpan.FromTicks(Math.Max(0, _endTicks - Clock.Elapsed.Ticks));

        /// <summary>A deadline <paramref name="timeout"/> from now; infinite for <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>.</summary>
        /// <param name="timeout">How long from now; zero or more, or infinite.</param>
        /// <returns>The deadline.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative and not infinite.</exception>
        public static Deadline After(TimeSpan timeout)
        {
            if (timeout == System.Threading.Timeout.InfiniteTimeSpan)
            {
                return None;
            }
            if (timeout < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A timeout cannot be negative (use Timeout.InfiniteTimeSpan to wait forever).");
            }
            long now = Clock.Elapsed.Ticks;
            return new Deadline(timeout.Ticks > long.MaxValue - now - 1 ? long.MaxValue - 1 : now + timeout.Ticks, timeout);
        }

        /// <summary>The earlier of this deadline and one <paramref name="limit"/> from now.</summary>
        /// <param name="limit">The longest wait from now.</param>
        /// <returns>The earlier deadline.</returns>
        public Deadline Cap(TimeSpan limit)
        {
            Deadline other = After(limit);
            return other._endTicks < _endTicks ? other : this;
        }

        /// <summary>Milliseconds left for Task.Delay: -1 when infinite.</summary>
        internal int RemainingMilliseconds =>
            IsInfinite ? System.Threading.Timeout.Infinite : (int)Math.Min(int.MaxValue - 1, Math.Ceiling(Remaining.TotalMilliseconds));
    }
}
