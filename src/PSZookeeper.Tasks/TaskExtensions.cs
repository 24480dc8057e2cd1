using System;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Tasks
{
    internal static class TaskExtensions
    {
        /// <summary>
        /// Wakes a loop from a watch callback: at most one wake-up pending, and harmless once the
        /// loop has ended and disposed the semaphore (the watch may still fire).
        /// </summary>
        public static void Wake(this SemaphoreSlim wake)
        {
            try
            {
                if (wake.CurrentCount == 0)
                {
                    wake.Release();
                }
            }
            catch (Exception ex) when (ex is SemaphoreFullException || ex is ObjectDisposedException)
            {
                // A wake-up is already pending, or the loop is over.
            }
        }
    }
}
