using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Threading;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>Tab completion of znode paths from the -Session given or the current session.</summary>
    public sealed class ZKPathCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            ZKSession? session = null;
            if (fakeBoundParameters != null && fakeBoundParameters.Contains("Session"))
            {
                object? given = fakeBoundParameters["Session"];
                session = (given is PSObject pso ? pso.BaseObject : given) as ZKSession;
            }
            session = session ?? SessionRegistry.For(Runspace.DefaultRunspace).Current;
            if (session == null || session.IsTerminal)
            {
                return Enumerable.Empty<CompletionResult>();
            }
            string quote = wordToComplete.Length > 0 && (wordToComplete[0] == '\'' || wordToComplete[0] == '"') ? wordToComplete.Substring(0, 1) : string.Empty;
            string word = wordToComplete.Trim('\'', '"');
            IReadOnlyList<string> candidates;
            try
            {
                candidates = PathCompletion.Candidates(word, parent =>
                {
                    var task = session.Client.GetChildrenAsync(parent);
                    return TaskWaiter.TryWait(task, Budget, CancellationToken.None) ? task.Result : (IReadOnlyList<string>)new string[0];
                });
            }
            catch (Exception)
            {
                return Enumerable.Empty<CompletionResult>();
            }
            return candidates.Select(p => new CompletionResult(Quote(p, quote), p, CompletionResultType.ParameterValue, p));
        }

        private static string Quote(string path, string quote)
        {
            if (quote.Length > 0)
            {
                return quote + path + quote;
            }
            return path.IndexOfAny(new[] { ' ', '$', '\'', '"', '`', '(', ')', '{', '}', ';', ',', '&', '@', '#' }) >= 0
                ? "'" + path.Replace("'", "''") + "'"
                : path;
        }
    }
}
