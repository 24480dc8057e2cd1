using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSZookeeper.Tasks;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// Completes the names under one folder of the farm whose root the command line gives (-Root,
    /// else the default), read through the session (-Session, or the current one). A farm reached
    /// only by -ComputerName has no session to read through, so it completes nothing.
    /// </summary>
    public abstract class FarmNameCompleter : IArgumentCompleter
    {
        private protected FarmNameCompleter()
        {
        }

        /// <summary>The names to offer, in the order to offer them.</summary>
        private protected abstract IEnumerable<string> Names(ZKSession session, FarmPaths paths, string wordToComplete);

        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            ZKSession? session = Completion.SessionOf(fakeBoundParameters);
            if (session == null)
            {
                return Enumerable.Empty<CompletionResult>();
            }
            string root = Completion.Bound(fakeBoundParameters, "Root") as string ?? FarmPaths.DefaultRoot;
            FarmPaths paths;
            try
            {
                paths = new FarmPaths(root);
            }
            catch (System.ArgumentException)
            {
                return Enumerable.Empty<CompletionResult>(); // a -Root that is no znode path
            }
            return Completion.Results(Names(session, paths, wordToComplete), wordToComplete);
        }
    }

    /// <summary>
    /// Completes farm task ids (Get-ZKTask, Wait-ZKTask, Stop-ZKTask, Receive-ZKTask -Id), as
    /// Get-ZKTask lists them: the tasks with a status and the tasks still queued, in queue order.
    /// </summary>
    public sealed class ZKTaskIdCompleter : FarmNameCompleter
    {
        private protected override IEnumerable<string> Names(ZKSession session, FarmPaths paths, string wordToComplete)
        {
            IEnumerable<string> ids = Completion.Children(session, paths.Status).Concat(Completion.Read(QueuedTasks.ListIdsAsync(session.Client, paths)));
            return TaskNames.InQueueOrder(Completion.StartingWith(ids, wordToComplete));
        }
    }

    /// <summary>Completes the names of the farm's live workers (Get-ZKWorker -Name, Get-ZKTask -Worker).</summary>
    public sealed class ZKWorkerNameCompleter : FarmNameCompleter
    {
        private protected override IEnumerable<string> Names(ZKSession session, FarmPaths paths, string wordToComplete) =>
            Completion.StartingWith(Completion.Children(session, paths.Workers), wordToComplete);
    }
}
