using System;
using System.Collections;
using System.Management.Automation;
using System.Threading;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>
    /// Runs a Use- cmdlet's script block while a lease is held: in the caller's runspace and scope
    /// (a nested pipeline on the pipeline thread), its output and other streams written through the
    /// cmdlet as they are produced, and stopped when the lease is lost.
    /// </summary>
    internal static class LeaseScript
    {
        // The variables are set in the nested pipeline's own scope; the block runs in a child of it,
        // so it sees them and, by PowerShell's dynamic scoping, the caller's variables too.
        private const string Runner = "param($__zkBlock, $__zkVariables) foreach ($__zkEntry in $__zkVariables.GetEnumerator()) { Set-Variable -Name $__zkEntry.Key -Value $__zkEntry.Value }; Remove-Variable -Name __zkEntry, __zkVariables; & $__zkBlock 3>&1 4>&1 5>&1 6>&1";

        /// <summary>
        /// Runs <paramref name="block"/> with <paramref name="variable"/> set to <paramref name="value"/>.
        /// Returns true when it ran to its end, false when <paramref name="lost"/> stopped it. Errors the
        /// block throws propagate as they would from the block itself; Ctrl+C stops it through <paramref name="stop"/>.
        /// </summary>
        public static bool Run(PSCmdlet cmdlet, ScriptBlock block, string variable, object value, CancellationToken lost, CancellationToken stop)
        {
            using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddScript(Runner, useLocalScope: true).AddArgument(block).AddArgument(VariablesFor(cmdlet, variable, value));
                // The nested pipeline runs on this thread, so each item added is written at once.
                var output = new PSDataCollection<PSObject>();
                output.DataAdded += (_, e) => Forward(cmdlet, output[e.Index]);
                ps.Streams.Error.DataAdded += (_, e) => cmdlet.WriteError(ps.Streams.Error[e.Index]);
                ps.Streams.Progress.DataAdded += (_, e) => cmdlet.WriteProgress(ps.Streams.Progress[e.Index]);
                int stoppedByLoss = 0;
                using (lost.Register(() => { Interlocked.Exchange(ref stoppedByLoss, 1); ps.BeginStop(null, null); }))
                using (stop.Register(() => ps.BeginStop(null, null)))
                {
                    try
                    {
                        ps.Invoke<PSObject>(null, output);
                    }
                    catch (PipelineStoppedException) when (Volatile.Read(ref stoppedByLoss) == 1)
                    {
                        return false;
                    }
                }
                // A loss that lands as the block ends still counts: its last steps may have run unguarded.
                return Volatile.Read(ref stoppedByLoss) == 0;
            }
        }

        /// <summary>Writes one item of the block's output, where the runner merged warnings, verbose, debug and information records.</summary>
        private static void Forward(PSCmdlet cmdlet, PSObject item)
        {
            switch (item.BaseObject)
            {
                case WarningRecord warning:
                    cmdlet.WriteWarning(warning.Message);
                    break;
                case VerboseRecord verbose:
                    cmdlet.WriteVerbose(verbose.Message);
                    break;
                case DebugRecord debug:
                    cmdlet.WriteDebug(debug.Message);
                    break;
                case InformationRecord information:
                    cmdlet.WriteInformation(information);
                    break;
                default:
                    cmdlet.WriteObject(item);
                    break;
            }
        }

        /// <summary>
        /// The block's variable, and preferences that send every record of the block to the cmdlet,
        /// whose Write* calls then apply the caller's preferences and -ErrorAction, -WarningVariable, ...
        /// as they would to the cmdlet's own records.
        /// </summary>
        private static Hashtable VariablesFor(PSCmdlet cmdlet, string variable, object value)
        {
            var variables = new Hashtable
            {
                [variable] = value,
                ["WarningPreference"] = ActionPreference.Continue,
                ["VerbosePreference"] = ActionPreference.Continue,
                ["DebugPreference"] = ActionPreference.Continue,
                ["InformationPreference"] = ActionPreference.Continue,
            };
            if (cmdlet.MyInvocation.BoundParameters.TryGetValue("ErrorAction", out object? action))
            {
                variables["ErrorActionPreference"] = (ActionPreference)action == ActionPreference.Stop ? ActionPreference.Stop : ActionPreference.Continue;
            }
            return variables;
        }
    }
}
