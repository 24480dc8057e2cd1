using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSZookeeper.Commands.Recipes;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// Completes the paths where the session (-Session, or the current one) holds a recipe of one
    /// kind: what Exit-ZKLock, Stop-ZKElection and Exit-ZKGroup -Path can release.
    /// </summary>
    public abstract class RecipeHoldingCompleter<T> : IArgumentCompleter where T : class
    {
        private protected RecipeHoldingCompleter()
        {
        }

        private protected abstract ConcurrentDictionary<(ZKSession, string), T> Table { get; }

        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            ZKSession? session = Completion.SessionOf(fakeBoundParameters);
            if (session == null)
            {
                return Enumerable.Empty<CompletionResult>();
            }
            IEnumerable<string> held = Table.Keys.Where(k => k.Item1 == session).Select(k => k.Item2);
            return Completion.Results(Completion.StartingWith(held, wordToComplete), wordToComplete);
        }
    }

    /// <summary>Completes the paths of the locks and semaphores the session holds (Exit-ZKLock, Exit-ZKSemaphore -Path).</summary>
    public sealed class ZKHeldLeaseCompleter : RecipeHoldingCompleter<Lease>
    {
        private protected override ConcurrentDictionary<(ZKSession, string), Lease> Table => RecipeRegistry.Leases;
    }

    /// <summary>Completes the paths of the elections the session runs (Stop-ZKElection -Path).</summary>
    public sealed class ZKElectionCompleter : RecipeHoldingCompleter<LeaderElection>
    {
        private protected override ConcurrentDictionary<(ZKSession, string), LeaderElection> Table => RecipeRegistry.Elections;
    }

    /// <summary>Completes the paths of the groups the session has joined (Exit-ZKGroup -Path).</summary>
    public sealed class ZKGroupCompleter : RecipeHoldingCompleter<GroupMembership>
    {
        private protected override ConcurrentDictionary<(ZKSession, string), GroupMembership> Table => RecipeRegistry.Groups;
    }
}
