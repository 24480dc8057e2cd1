using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Tasks
{
    internal static class TaskExtensions
    {
        /// <summary>Waits for a signal or cancellation (netstandard2.0 has no Task.WaitAsync).</summary>
        public static async Task WaitOrCancelAsync(this Task signal, CancellationToken cancellationToken)
        {
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
            {
                await Task.WhenAny(signal, cancelled.Task).ConfigureAwait(false);
            }
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
