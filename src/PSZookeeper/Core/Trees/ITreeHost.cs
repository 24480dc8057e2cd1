using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Core.Trees
{
    /// <summary>
    /// What tree work needs from the cmdlet or provider that runs it: a stoppable wait, and
    /// progress and warnings written from the pipeline thread. Tree operations run one batch of
    /// pipelined requests at a time and report between batches, so nothing is written from a
    /// client thread.
    /// </summary>
    internal interface ITreeHost
    {
        /// <summary>Cancelled when the pipeline stops (Ctrl+C).</summary>
        CancellationToken StopToken { get; }

        /// <summary>Waits for a task; Ctrl+C stops the pipeline.</summary>
        T Await<T>(Task<T> task);

        /// <summary>Reports progress: <paramref name="done"/> of <paramref name="total"/>; done == total completes the activity.</summary>
        void Progress(string activity, string status, int done, int total);

        /// <summary>Writes a warning.</summary>
        void Warning(string text);
    }
}
