using System;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>A farm task as PowerShell sees it: its id and its status.</summary>
    public sealed class ZKTask
    {
        /// <summary>Creates the view of a status record.</summary>
        public ZKTask(string id, TaskStatusRecord status)
        {
            Id = id;
            State = status.State;
            Worker = status.Worker;
            Attempt = status.Attempt;
            ExitCode = status.ExitCode;
            Output = status.Output;
            Error = status.Error;
            Submitted = status.Submitted.LocalDateTime;
            SubmittedBy = status.SubmittedBy;
            Started = status.Started?.LocalDateTime;
            Finished = status.Finished?.LocalDateTime;
            NotBefore = status.NotBefore?.LocalDateTime;
            Status = status;
        }

        /// <summary>The status record as stored in the farm.</summary>
        public TaskStatusRecord Status { get; }

        /// <summary>How much of the result was kept, when the worker stored result objects.</summary>
        public TaskResultSummary? Result => Status.Result;

        /// <summary>task-0000000001.</summary>
        public string Id { get; }

        /// <summary>Queued, Assigned, Succeeded, Failed or Cancelled.</summary>
        public TaskState State { get; }

        /// <summary>The worker of the latest attempt.</summary>
        public string? Worker { get; }

        /// <summary>The latest attempt (1 is the first).</summary>
        public int Attempt { get; }

        /// <summary>The exit code of the latest finished attempt.</summary>
        public int? ExitCode { get; }

        /// <summary>The output of the latest finished attempt (bounded; the worker's folder has all of it).</summary>
        public string? Output { get; }

        /// <summary>Why the latest attempt failed.</summary>
        public string? Error { get; }

        /// <summary>When it was submitted.</summary>
        public DateTime Submitted { get; }

        /// <summary>Who submitted it, as the server authenticated the submitter (digest:user, x509:subject).</summary>
        public string? SubmittedBy { get; }

        /// <summary>When its latest attempt started.</summary>
        public DateTime? Started { get; }

        /// <summary>When it reached its final state.</summary>
        public DateTime? Finished { get; }

        /// <summary>While queued: not started before this time (a delayed task, or a retry's backoff).</summary>
        public DateTime? NotBefore { get; }

        /// <summary>One line for tables: the first line of the error (failed) or of the output, and a note when the result was cut.</summary>
        public string Summary
        {
            get
            {
                string text = (State == TaskState.Failed ? Error : Output) ?? string.Empty;
                string line = text.Trim().Split('\n')[0].Trim();
                if (line.Length > 80)
                {
                    line = line.Substring(0, 79) + "…";
                }
                return Result != null && Result.Truncated ? line + " (result cut)" : line;
            }
        }

        /// <summary>True for Succeeded, Failed and Cancelled.</summary>
        public bool IsFinal => State == TaskState.Succeeded || State == TaskState.Failed || State == TaskState.Cancelled;

        /// <inheritdoc/>
        public override string ToString() => $"{Id} {State}";
    }
}
