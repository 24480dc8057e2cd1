using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Recipes.Internal
{
    internal static class TokenTasks
    {
        /// <summary>A task that completes (successfully) when the token is cancelled.</summary>
        public static Task AsTask(this CancellationToken token)
        {
            if (token.IsCancellationRequested)
            {
                return Task.CompletedTask;
            }
            var signal = Waits.NewSignal();
            token.Register(() => signal.TrySetResult(true));
            return signal.Task;
        }
    }
}
