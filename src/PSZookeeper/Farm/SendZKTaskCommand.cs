using System;
using System.Management.Automation;
using PSZookeeper.Commands;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// <para type="synopsis">Submits tasks to the farm: any object with a cmd property, or -Command.</para>
    /// <para type="description">The command is PowerShell run by a worker; the whole object is available to it as $TaskInput. Returns the queued task, or with -Wait its final state.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "ZKTask", DefaultParameterSetName = FromObject)]
    [OutputType(typeof(ZKTask))]
    public sealed class SendZKTaskCommand : TaskTemplateCmdlet
    {
        private const string FromObject = "InputObject";
        private const string FromCommand = "Command";
        private readonly System.Collections.Generic.HashSet<string> _keysUsed = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);

        /// <summary>An object with a cmd (or Command) property.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = FromObject)]
        public PSObject? InputObject { get; set; }

        /// <summary>The PowerShell command to run.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = FromCommand)]
        [ValidateNotNullOrEmpty]
        public string? Command { get; set; }

        /// <summary>
        /// A key for this submission: a task already submitted with the same key is returned instead
        /// of queued again, so a script that runs again after a crash does not submit twice. Piped
        /// objects may carry their own IdempotencyKey property.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? IdempotencyKey { get; set; }

        /// <summary>Not started before this time (a delayed task).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DateTime? NotBefore { get; set; }

        /// <summary>Wait for each task's final state and return it.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: how long to wait, in seconds (default: forever).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? WaitSeconds { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            string? command = Command ?? CommandOf(InputObject);
            if (string.IsNullOrWhiteSpace(command))
            {
                WriteError(new ErrorRecord(new ArgumentException("The object has no cmd property: pipe objects like [pscustomobject]@{cmd='Get-Process'}, or use -Command."),
                    "TaskWithoutCommand", ErrorCategory.InvalidArgument, InputObject));
                return;
            }
            TaskSpec spec = Template(command!, InputObject == null ? null : PSJson.ToJson(this, InputObject, 5));
            spec.NotBefore = NotBefore.HasValue ? new DateTimeOffset(NotBefore.Value.ToUniversalTime()) : (DateTimeOffset?)null;
            if (IdempotencyKey != null && !_keysUsed.Add(IdempotencyKey))
            {
                WriteError(new ErrorRecord(new ArgumentException($"The idempotency key '{IdempotencyKey}' was already used for another task in this pipeline; give each task its own key."),
                    "IdempotencyKeyReused", ErrorCategory.InvalidArgument, InputObject ?? (object)command!));
                return;
            }
            string id;
            try
            {
                id = Await(Submitter.SubmitAsync(spec, IdempotencyKey, StopToken));
            }
            catch (ArgumentException ex)
            {
                WriteError(new ErrorRecord(ex, "InvalidTask", ErrorCategory.InvalidArgument, InputObject ?? (object)command!));
                return;
            }
            WriteVerbose($"queued {id}: {command}");
            if (!Wait)
            {
                WriteObject(new ZKTask(id, new TaskStatusRecord { State = TaskState.Queued, Attempt = 1, Submitted = spec.Submitted, SubmittedBy = spec.SubmittedBy, NotBefore = spec.NotBefore }));
                return;
            }
            TimeSpan? limit = WaitSeconds.HasValue ? TimeSpan.FromSeconds(WaitSeconds.Value) : (TimeSpan?)null;
            try
            {
                WriteObject(new ZKTask(id, Await(Submitter.WaitAsync(id, limit, StopToken))));
            }
            catch (TimeoutException ex)
            {
                WriteError(new ErrorRecord(ex, "TaskWaitTimeout", ErrorCategory.OperationTimeout, id));
            }
        }

        private static string? CommandOf(PSObject? input)
        {
            PSPropertyInfo? property = input?.Properties["cmd"] ?? input?.Properties["Command"];
            return property?.Value?.ToString();
        }
    }
}
