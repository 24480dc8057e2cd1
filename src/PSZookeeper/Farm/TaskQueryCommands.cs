using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using System;
using PSZookeeper.Commands;
using PSZookeeper.Core;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// <para type="synopsis">Gets farm tasks and their state: all of them, or those named by -Id.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ZKTask")]
    [OutputType(typeof(ZKTask))]
    public sealed class GetZKTaskCommand : SubmitterCmdlet
    {
        /// <summary>Task ids (task-0000000001); all tasks when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKTaskIdCompleter))]
        public string[]? Id { get; set; }

        /// <summary>Only tasks in these states.</summary>
        [Parameter]
        public TaskState[]? State { get; set; }

        /// <summary>Only tasks whose latest attempt ran (or runs) on these workers; wildcards allowed.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ZKWorkerNameCompleter))]
        [SupportsWildcards]
        public string[]? Worker { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (Id == null)
            {
                foreach (var pair in Await(Submitter.ListAsync()))
                {
                    Write(new ZKTask(pair.Key, pair.Value));
                }
                return;
            }
            foreach (string id in Id)
            {
                ZKTask? task = Find(id);
                if (task != null)
                {
                    Write(task);
                }
            }
        }

        private void Write(ZKTask task)
        {
            if ((State == null || Array.IndexOf(State, task.State) >= 0) && NameFilter.Matches(Worker, task.Worker))
            {
                WriteObject(task);
            }
        }
    }

    /// <summary>
    /// <para type="synopsis">Waits until farm tasks reach a final state (Succeeded, Failed or Cancelled) and returns them.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "ZKTask")]
    [OutputType(typeof(ZKTask))]
    public sealed class WaitZKTaskCommand : SubmitterCmdlet
    {
        /// <summary>Task ids; pipe tasks from Send-ZKTask.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKTaskIdCompleter))]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>How long to wait for each, in seconds (default: forever).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Timeout { get; set; }

        private readonly List<string> _ids = new List<string>();

        /// <inheritdoc/>
        protected override void ProcessRecord() => _ids.AddRange(Id);

        /// <summary>Waits for all the tasks at once, writing each as it finishes and the count so far as progress.</summary>
        protected override void EndProcessing()
        {
            TimeSpan? limit = Timeout.HasValue ? TimeSpan.FromSeconds(Timeout.Value) : (TimeSpan?)null;
            var pending = new Dictionary<Task<TaskStatusRecord>, string>();
            foreach (string id in _ids.Distinct(StringComparer.Ordinal))
            {
                pending[Submitter.WaitAsync(id, limit, StopToken)] = id;
            }
            int total = pending.Count;
            var progress = new ProgressRecord(1, "Waiting for farm tasks", "0 of " + total + " finished");
            while (pending.Count > 0)
            {
                if (total > 1)
                {
                    progress.StatusDescription = $"{total - pending.Count} of {total} finished";
                    progress.PercentComplete = 100 * (total - pending.Count) / total;
                    WriteProgress(progress);
                }
                Task<TaskStatusRecord> finished = Await(Task.WhenAny(pending.Keys));
                string id = pending[finished];
                pending.Remove(finished);
                try
                {
                    WriteObject(new ZKTask(id, Await(finished)));
                }
                catch (TimeoutException ex)
                {
                    WriteError(new ErrorRecord(ex, "TaskWaitTimeout", ErrorCategory.OperationTimeout, id));
                }
                catch (ArgumentException ex)
                {
                    WriteError(new ErrorRecord(ex, "TaskNotFound", ErrorCategory.ObjectNotFound, id));
                }
            }
            if (total > 1)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }
    }

    /// <summary>
    /// <para type="synopsis">Returns a finished task's results as deserialized objects, its errors as error records and its warnings and information messages, as Receive-Job does.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Receive, "ZKTask")]
    [OutputType(typeof(PSObject))]
    public sealed class ReceiveZKTaskCommand : SubmitterCmdlet
    {
        /// <summary>Task ids; pipe tasks from Send-ZKTask -Wait or Get-ZKTask.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKTaskIdCompleter))]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            foreach (string id in Id)
            {
                ZKTask? task = Find(id);
                if (task == null)
                {
                    continue;
                }
                if (!task.IsFinal)
                {
                    WriteError(new ErrorRecord(new InvalidOperationException($"Task {id} is {task.State}; wait for it with Wait-ZKTask."),
                        "TaskNotFinished", ErrorCategory.ResourceBusy, id));
                    continue;
                }
                bool wroteErrors = task.Status.Result != null ? WriteResult(task) : WriteText(task);
                if (task.State == TaskState.Failed && !wroteErrors)
                {
                    WriteError(new ErrorRecord(new InvalidOperationException($"Task {id} failed after {task.Attempt} attempt(s): {task.Error}"),
                        "TaskFailed", ErrorCategory.InvalidResult, id));
                }
            }
        }

        /// <summary>Writes the result items to their streams; true when any was an error.</summary>
        private bool WriteResult(ZKTask task)
        {
            bool wroteErrors = false;
            foreach (string item in Await(Submitter.ReadResultAsync(task.Id, task.Status)))
            {
                KeyValuePair<string, object?> entry = TaskResultItems.Read(item);
                switch (entry.Key)
                {
                    case TaskResultItems.Output:
                        WriteObject(entry.Value);
                        break;
                    case TaskResultItems.Error:
                        WriteError(TaskResultItems.ToErrorRecord(entry.Value, task.Id));
                        wroteErrors = true;
                        break;
                    case TaskResultItems.Warning:
                        WriteWarning(entry.Value?.ToString());
                        break;
                    case TaskResultItems.Information:
                        var record = entry.Value as PSObject;
                        WriteInformation(record?.Properties["MessageData"]?.Value, new[] { "PSZookeeperTask" });
                        break;
                }
            }
            TaskResultSummary summary = task.Status.Result!;
            if (summary.Truncated)
            {
                WriteWarning($"Task {task.Id}'s result was cut at the farm's limit: {summary.ItemsKept} of {summary.Items} items ({summary.BytesKept} of {summary.Bytes} bytes) were kept. The worker's folder keeps the text of all of it.");
            }
            return wroteErrors;
        }

        /// <summary>A task without result items (another executor): its output text.</summary>
        private bool WriteText(ZKTask task)
        {
            if (!string.IsNullOrEmpty(task.Output))
            {
                WriteObject(task.Output);
            }
            return false;
        }
    }

    /// <summary>
    /// <para type="synopsis">Cancels farm tasks: a queued task leaves the queue, a running one is stopped by its worker; returns each task in its final state.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "ZKTask", SupportsShouldProcess = true)]
    [OutputType(typeof(ZKTask))]
    public sealed class StopZKTaskCommand : SubmitterCmdlet
    {
        /// <summary>Task ids.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKTaskIdCompleter))]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>How long to wait for each task to be recorded as cancelled, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSeconds { get; set; } = 60;

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            foreach (string id in Id)
            {
                if (!ShouldProcess(id, "Cancel task"))
                {
                    continue;
                }
                try
                {
                    if (!Await(Submitter.CancelAsync(id)))
                    {
                        WriteError(new ErrorRecord(new InvalidOperationException($"Task {id} has already finished."),
                            "TaskAlreadyFinished", ErrorCategory.InvalidOperation, id));
                        continue;
                    }
                    TaskStatusRecord final = Await(Submitter.WaitAsync(id, TimeSpan.FromSeconds(TimeoutSeconds), StopToken));
                    if (final.State != TaskState.Cancelled)
                    {
                        WriteWarning($"Task {id} finished ({final.State}) before the cancellation reached it.");
                    }
                    WriteObject(new ZKTask(id, final));
                }
                catch (ArgumentException ex)
                {
                    WriteError(new ErrorRecord(ex, "TaskNotFound", ErrorCategory.ObjectNotFound, id));
                }
                catch (TimeoutException ex)
                {
                    WriteError(new ErrorRecord(new TimeoutException($"Task {id} was asked to stop but is not cancelled after {TimeoutSeconds} s (is its worker alive?). {ex.Message}", ex),
                        "TaskCancelTimeout", ErrorCategory.OperationTimeout, id));
                }
            }
        }
    }
}
