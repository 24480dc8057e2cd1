using System.Threading;

namespace PSZookeeper.Framework
{
    /// <summary>Counts the watch notifications waiters received: the herd-effect measure.</summary>
    public sealed class WakeCounter
    {
        private long _count;

        /// <summary>The notifications so far.</summary>
        public long Count => Interlocked.Read(ref _count);

        /// <summary>Counts one notification.</summary>
        public void Increment() => Interlocked.Increment(ref _count);
    }
}
