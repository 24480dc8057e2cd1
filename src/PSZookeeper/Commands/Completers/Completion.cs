using System.Collections.Generic;
using System.Collections;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using System;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// What the argument completers share: the session the command line names (-Session, else the
    /// current one), a bounded read of a znode's children (a slow or lost server must not hang
    /// the prompt), and completion results quoted the way the user started typing.
    /// </summary>
    internal static class Completion
    {
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

        private static readonly char[] NeedsQuotes = { ' ', '$', '\'', '"', '`', '(', ')', '{', '}', ';', ',', '&', '@', '#' };

        /// <summary>The -Session on the command line, or the current session; null when neither is open.</summary>
        public static ZKSession? SessionOf(IDictionary? fakeBoundParameters)
        {
            ZKSession? session = Bound(fakeBoundParameters, "Session") as ZKSession;
            session = session ?? SessionRegistry.For(Runspace.DefaultRunspace).Current;
            return session == null || session.IsTerminal ? null : session;
        }

        /// <summary>A parameter already typed on the command line, unwrapped; null when absent.</summary>
        public static object? Bound(IDictionary? fakeBoundParameters, string name)
        {
            if (fakeBoundParameters == null || !fakeBoundParameters.Contains(name))
            {
                return null;
            }
            object? given = fakeBoundParameters[name];
            return given is PSObject pso ? pso.BaseObject : given;
        }

        /// <summary>A node's child names, or none when it is missing, the session fails or the server is slow.</summary>
        public static IReadOnlyList<string> Children(ZKSession session, string path) => Read(session.Client.GetChildrenAsync(path));

        /// <summary>The names a read gives within the completion budget; none when it fails or takes longer.</summary>
        public static IReadOnlyList<string> Read(Task<IReadOnlyList<string>> read)
        {
            try
            {
                return TaskWaiter.TryWait(read, Budget, CancellationToken.None) ? read.Result : Array.Empty<string>();
            }
            catch (Exception)
            {
                return Array.Empty<string>();
            }
        }

        /// <summary>The word typed so far, without the quote it may start with.</summary>
        public static string Word(string wordToComplete) => (wordToComplete ?? string.Empty).Trim('\'', '"');

        /// <summary>The values that start with the word typed so far, sorted ordinally.</summary>
        public static IEnumerable<string> StartingWith(IEnumerable<string> values, string wordToComplete,
            StringComparison comparison = StringComparison.Ordinal)
        {
            string word = Word(wordToComplete);
            return values.Where(v => v.StartsWith(word, comparison)).OrderBy(v => v, StringComparer.Ordinal);
        }

        /// <summary>
        /// The matches as completion results, in their order, each quoted with the quote the user typed,
        /// or single-quoted when PowerShell would need it.
        /// </summary>
        public static IEnumerable<CompletionResult> Results(IEnumerable<string> matches, string wordToComplete)
        {
            string quote = wordToComplete.Length > 0 && (wordToComplete[0] == '\'' || wordToComplete[0] == '"') ? wordToComplete.Substring(0, 1) : string.Empty;
            return matches
                .Distinct(StringComparer.Ordinal)
                .Select(v => new CompletionResult(Quote(v, quote), v, CompletionResultType.ParameterValue, v))
                .ToList();
        }

        private static string Quote(string value, string quote)
        {
            if (quote.Length > 0)
            {
                return quote + value + quote;
            }
            return value.IndexOfAny(NeedsQuotes) >= 0 ? "'" + value.Replace("'", "''") + "'" : value;
        }
    }
}
