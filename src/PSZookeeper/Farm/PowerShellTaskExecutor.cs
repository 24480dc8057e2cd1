using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// Runs a task's command as PowerShell in a runspace of its own (never on the worker's
    /// pipeline thread), in the task's folder, with the submitted object as $TaskInput.
    /// The exit code is 0 unless the script wrote errors or threw. The output objects, error
    /// records, warnings and information records become the task's result items (CliXml, at the
    /// task's ResultDepth); the text of the output goes to the status and stdout.txt.
    /// </summary>
    internal sealed class PowerShellTaskExecutor : ITaskExecutor
    {
        private const string Prelude = "$TaskInput = if ($TaskInputJson) { $TaskInputJson | ConvertFrom-Json }\n";

        /// <inheritdoc/>
        public Task<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken) =>
            Task.Run(() => Run(context, cancellationToken), cancellationToken);

        private static TaskOutcome Run(TaskContext context, CancellationToken cancellationToken)
        {
            using (Runspace runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault()))
            {
                runspace.Open();
                runspace.SessionStateProxy.Path.SetLocation(WildcardPattern.Escape(context.WorkDirectory));
                runspace.SessionStateProxy.SetVariable("TaskInputJson", context.Spec.InputJson);
                runspace.SessionStateProxy.SetVariable("TaskId", context.TaskId);
                using (PowerShell shell = PowerShell.Create())
                {
                    shell.Runspace = runspace;
                    shell.AddScript(Prelude + context.Spec.Command);
                    int depth = context.Spec.ResultDepth;
                    var items = new List<string>();
                    IList<PSObject> output = new List<PSObject>();
                    string? thrown = null;
                    try
                    {
                        // Started before the stop is registered: Stop() on a pipeline that has not
                        // started yet does nothing, so a cancellation that came while the runspace
                        // opened would be lost and the task would run to its end.
                        IAsyncResult invocation = shell.BeginInvoke();
                        using (cancellationToken.Register(() => shell.Stop()))
                        {
                            output = shell.EndInvoke(invocation);
                        }
                    }
                    catch (PipelineStoppedException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                    catch (RuntimeException ex)
                    {
                        thrown = ex.Message;
                        items.Add(TaskResultItems.Write(TaskResultItems.Error, ex.ErrorRecord, depth));
                    }
                    cancellationToken.ThrowIfCancellationRequested();
                    foreach (PSObject value in output)
                    {
                        items.Add(TaskResultItems.Write(TaskResultItems.Output, value, depth));
                    }
                    foreach (ErrorRecord record in shell.Streams.Error)
                    {
                        items.Add(TaskResultItems.Write(TaskResultItems.Error, record, depth));
                    }
                    foreach (WarningRecord record in shell.Streams.Warning)
                    {
                        items.Add(TaskResultItems.Write(TaskResultItems.Warning, record.Message, depth));
                    }
                    foreach (InformationRecord record in shell.Streams.Information)
                    {
                        items.Add(TaskResultItems.Write(TaskResultItems.Information, record, depth));
                    }
                    var errors = shell.Streams.Error.Select(record => record.ToString()).ToList();
                    if (thrown != null)
                    {
                        errors.Add(thrown);
                    }
                    int exitCode = thrown != null || shell.HadErrors ? 1 : 0;
                    return new TaskOutcome(exitCode, AsText(runspace, output), string.Join(Environment.NewLine, errors), items);
                }
            }
        }

        /// <summary>The objects as the console would show them (Out-String), for the status text and stdout.txt.</summary>
        private static string AsText(Runspace runspace, IList<PSObject> output)
        {
            if (output.Count == 0)
            {
                return string.Empty;
            }
            using (PowerShell format = PowerShell.Create())
            {
                format.Runspace = runspace;
                format.AddCommand("Out-String").AddParameter("Width", 240);
                return string.Concat(format.Invoke(output).Select(o => o?.ToString()));
            }
        }
    }
}
