using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// Runs a task's command as PowerShell in a runspace of its own (never on the worker's
    /// pipeline thread), in the task's folder, with the submitted object as $TaskInput.
    /// The exit code is 0 unless the script wrote errors or threw.
    /// </summary>
    public sealed class PowerShellTaskExecutor : ITaskExecutor
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
                using (cancellationToken.Register(() => shell.Stop()))
                {
                    shell.Runspace = runspace;
                    shell.AddScript(Prelude + context.Spec.Command).AddCommand("Out-String").AddParameter("Width", 240);
                    try
                    {
                        string output = string.Concat(shell.Invoke().Select(o => o?.ToString()));
                        cancellationToken.ThrowIfCancellationRequested();
                        string errors = string.Join(Environment.NewLine, shell.Streams.Error.Select(e => e.ToString()));
                        return new TaskOutcome(shell.HadErrors ? 1 : 0, output, errors);
                    }
                    catch (PipelineStoppedException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                    catch (RuntimeException ex)
                    {
                        var errors = new StringBuilder();
                        foreach (ErrorRecord record in shell.Streams.Error)
                        {
                            errors.AppendLine(record.ToString());
                        }
                        errors.Append(ex.Message);
                        return new TaskOutcome(1, string.Empty, errors.ToString());
                    }
                }
            }
        }
    }
}
