using System.Collections.Generic;
using System.Collections;
using System.Linq;
using System.Management.Automation.Language;
using System.Management.Automation;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>Tab completion of znode paths, listed one level at a time through the -Session given or the current session.</summary>
    public sealed class ZKPathCompleter : IArgumentCompleter
    {
        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            ZKSession? session = Completion.SessionOf(fakeBoundParameters);
            if (session == null)
            {
                return Enumerable.Empty<CompletionResult>();
            }
            // Candidates are full paths that already match what was typed ("a" completes as "/a...").
            return Completion.Results(PathCompletion.Candidates(Completion.Word(wordToComplete), parent => Completion.Children(session, parent)), wordToComplete);
        }
    }
}
