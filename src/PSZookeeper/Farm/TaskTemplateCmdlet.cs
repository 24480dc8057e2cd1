using System.Collections.Generic;
using System.Management.Automation;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// Base of the cmdlets that describe a task to queue (Send-ZKTask, Register-ZKSchedule): the
    /// attempts, time limit, result depth, priority, retry backoff, labels and concurrency limit,
    /// declared once so both take them alike.
    /// </summary>
    public abstract class TaskTemplateCmdlet : SubmitterCmdlet
    {
        /// <summary>Attempts allowed before the task is marked failed.</summary>
        [Parameter]
        [ValidateRange(1, 100)]
        public int MaxAttempts { get; set; } = 3;

        /// <summary>Time limit per attempt, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSeconds { get; set; } = 3600;

        /// <summary>How deep the worker serializes the result objects (CliXml depth).</summary>
        [Parameter]
        [ValidateRange(1, 10)]
        public int ResultDepth { get; set; } = 2;

        /// <summary>Higher runs first; tasks of one priority run in the order they were queued. Default 0.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int Priority { get; set; }

        /// <summary>Seconds before the first retry of a failed attempt; doubled for each further attempt, with jitter. Default: the farm's (1 s).</summary>
        [Parameter]
        [ValidateRange(0.0, 2000000.0)]
        public double? RetryDelaySeconds { get; set; }

        /// <summary>The longest wait between attempts, in seconds. Default: the farm's (300 s).</summary>
        [Parameter]
        [ValidateRange(0.0, 2000000.0)]
        public double? MaxRetryDelaySeconds { get; set; }

        /// <summary>Labels a worker must all have to run the task (Start-ZKWorker -Label).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        /// <summary>With -ConcurrencyLimit: tasks sharing this key run at most that many at once, farm-wide.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ConcurrencyKey { get; set; }

        /// <summary>How many tasks of -ConcurrencyKey may run at once, farm-wide.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, int.MaxValue)]
        public int? ConcurrencyLimit { get; set; }

        /// <summary>The task these parameters describe, running <paramref name="command"/>.</summary>
        protected TaskSpec Template(string command, string? inputJson) => new TaskSpec
        {
            Command = command,
            InputJson = inputJson,
            MaxAttempts = MaxAttempts,
            TimeoutSeconds = TimeoutSeconds,
            ResultDepth = ResultDepth,
            Priority = Priority,
            RetryDelaySeconds = RetryDelaySeconds,
            MaxRetryDelaySeconds = MaxRetryDelaySeconds,
            Labels = Label == null ? null : new List<string>(Label),
            ConcurrencyKey = ConcurrencyKey,
            ConcurrencyLimit = ConcurrencyLimit,
        };
    }
}
