using System.Threading;

namespace PSZookeeper.Recipes.Internal
{
    /// <summary>Counts watch notifications a recipe's waiters received: the herd-effect measure.</summary>
    internal sealed class WakeCounter
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public void Increment() => Interlocked.Increment(ref _count);
    }
}
