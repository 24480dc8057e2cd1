using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PSZookeeper.Tasks
{
    /// <summary>Where a task stands. Succeeded, Failed and Cancelled are final.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter))]
    public enum TaskState
    {
        /// <summary>Waiting in the queue for a worker.</summary>
        Queued,
        /// <summary>Handed to a worker.</summary>
        Assigned,
        /// <summary>Finished with exit code 0.</summary>
        Succeeded,
        /// <summary>Failed on its last allowed attempt (dead letter).</summary>
        Failed,
        /// <summary>Cancelled while queued.</summary>
        Cancelled,
    }

    /// <summary>A task as queued: the command and its metadata.</summary>
    public sealed class TaskSpec
    {
        /// <summary>The command the worker's executor runs (PowerShell for the module's workers).</summary>
        public string Command { get; set; } = string.Empty;

        /// <summary>The submitter's whole input object as JSON, for executors that want more than the command.</summary>
        public string? InputJson { get; set; }

        /// <summary>Who submitted it (the submitter's identity, for audit).</summary>
        public string? SubmittedBy { get; set; }

        /// <summary>When it was submitted (UTC).</summary>
        public DateTimeOffset Submitted { get; set; }

        /// <summary>How many attempts are allowed before it is marked failed.</summary>
        public int MaxAttempts { get; set; } = 3;

        /// <summary>The executor's time limit per attempt, in seconds.</summary>
        public int TimeoutSeconds { get; set; } = 3600;

        /// <summary>The attempt this copy is for, starting at 1.</summary>
        public int Attempt { get; set; } = 1;

        /// <summary>How deep the executor serializes result objects (PowerShell: CliXml depth). Default 2.</summary>
        public int ResultDepth { get; set; } = 2;

        /// <summary>Higher runs first; tasks of one priority run in the order they were queued. Default 0.</summary>
        public int Priority { get; set; }

        /// <summary>Not assigned before this time (UTC): a delayed task, or a retry waiting out its backoff. Null: at once.</summary>
        public DateTimeOffset? NotBefore { get; set; }

        /// <summary>The delay before the first retry, in seconds; it doubles with each further attempt, with jitter. Null: the farm's default (<see cref="FarmOptions.RetryDelay"/>).</summary>
        public double? RetryDelaySeconds { get; set; }

        /// <summary>The longest delay between attempts, in seconds. Null: the farm's default (<see cref="FarmOptions.MaxRetryDelay"/>).</summary>
        public double? MaxRetryDelaySeconds { get; set; }

        /// <summary>Labels a worker must all have to run this task (see <see cref="WorkerInfo.Labels"/>). Null or empty: any worker.</summary>
        public System.Collections.Generic.List<string>? Labels { get; set; }

        /// <summary>With <see cref="ConcurrencyLimit"/>: tasks sharing this key run at most that many at once, farm-wide.</summary>
        public string? ConcurrencyKey { get; set; }

        /// <summary>How many tasks of <see cref="ConcurrencyKey"/> may run at once, farm-wide (this task starts only while fewer run).</summary>
        public int? ConcurrencyLimit { get; set; }
    }

    /// <summary>A task's status node: its state and its latest result.</summary>
    public sealed class TaskStatusRecord
    {
        /// <summary>The state.</summary>
        public TaskState State { get; set; }

        /// <summary>The worker that ran (or runs) the latest attempt.</summary>
        public string? Worker { get; set; }

        /// <summary>The latest attempt number (1 is the first).</summary>
        public int Attempt { get; set; }

        /// <summary>The exit code of the latest finished attempt.</summary>
        public int? ExitCode { get; set; }

        /// <summary>Why the latest attempt failed, when it did.</summary>
        public string? Error { get; set; }

        /// <summary>The output of the latest finished attempt as text, truncated to a bounded size.</summary>
        public string? Output { get; set; }

        /// <summary>The latest finished attempt's result items, when its executor produced them (see <see cref="TaskResultStore"/>).</summary>
        public TaskResultSummary? Result { get; set; }

        /// <summary>When the task was submitted.</summary>
        public DateTimeOffset Submitted { get; set; }

        /// <summary>Who submitted it, as the server authenticated the submitter's session (whoAmI), copied from the task by the farm.</summary>
        public string? SubmittedBy { get; set; }

        /// <summary>When the latest attempt started.</summary>
        public DateTimeOffset? Started { get; set; }

        /// <summary>While a failed task waits to be retried: the time its next attempt may start (its backoff).</summary>
        public DateTimeOffset? NotBefore { get; set; }

        /// <summary>When the task reached a final state.</summary>
        public DateTimeOffset? Finished { get; set; }

        /// <summary>True for Succeeded, Failed and Cancelled.</summary>
        [JsonIgnore]
        public bool IsFinal => State == TaskState.Succeeded || State == TaskState.Failed || State == TaskState.Cancelled;
    }

    /// <summary>A live worker's registration.</summary>
    public sealed class WorkerInfo
    {
        /// <summary>The worker's name.</summary>
        public string Id { get; set; } = string.Empty;

        /// <summary>The machine it runs on.</summary>
        public string Host { get; set; } = string.Empty;

        /// <summary>Its process id.</summary>
        public int Pid { get; set; }

        /// <summary>How many tasks it runs at once.</summary>
        public int Capacity { get; set; } = 1;

        /// <summary>When it registered.</summary>
        public DateTimeOffset Started { get; set; }

        /// <summary>What it offers (e.g. gpu, windows, site-a): it runs only tasks whose <see cref="TaskSpec.Labels"/> it all has.</summary>
        public System.Collections.Generic.List<string> Labels { get; set; } = new System.Collections.Generic.List<string>();
    }

    /// <summary>The trust model as the farm root's data: ids as scheme:id.</summary>
    internal sealed class FarmModelRecord
    {
        public System.Collections.Generic.List<string> Farm { get; set; } = new System.Collections.Generic.List<string>();

        public System.Collections.Generic.List<string> Submitters { get; set; } = new System.Collections.Generic.List<string>();

        public bool WorldRead { get; set; }
    }

    /// <summary>The one JSON form every farm record is stored in.</summary>
    public static class FarmJson
    {
        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        /// <summary>Serializes a record to UTF-8 JSON.</summary>
        public static byte[] Write<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

        /// <summary>Reads a record; null when the data is not valid JSON of that shape.</summary>
        internal static T? TryRead<T>(byte[]? data) where T : class
        {
            try
            {
                return Read<T>(data, "node");
            }
            catch (FormatException)
            {
                return null;
            }
        }

        /// <summary>Reads a record; throws <see cref="FormatException"/> naming the node when it is not valid JSON of that shape.</summary>
        public static T Read<T>(byte[]? data, string path)
        {
            try
            {
                return JsonSerializer.Deserialize<T>(data ?? Array.Empty<byte>(), Options)
                    ?? throw new FormatException($"{path} holds no {typeof(T).Name}.");
            }
            catch (JsonException ex)
            {
                throw new FormatException($"{path} does not hold a valid {typeof(T).Name}: {ex.Message}", ex);
            }
        }
    }
}
