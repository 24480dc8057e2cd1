using System.Collections.Generic;
using System.Collections;
using System.Linq;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Management.Automation;
using System;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>Tab completion of the names of this runspace's sessions (Get-ZKSession -Name, Disconnect-Zookeeper -Name).</summary>
    public sealed class ZKSessionNameCompleter : IArgumentCompleter
    {
        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            IEnumerable<string> names = SessionRegistry.For(Runspace.DefaultRunspace).Sessions.Select(s => s.Name);
            return Completion.Results(Completion.StartingWith(names, wordToComplete, StringComparison.OrdinalIgnoreCase), wordToComplete);
        }
    }
}
