using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// The form a PowerShell task's results take in the farm: one item per output object, error
    /// record, warning or information record, each "Stream\n" and then the CliXml of the value
    /// (PowerShell's own serialization, as remoting uses), so Receive-ZKTask gives back
    /// deserialized objects the way Receive-Job does for a remote job.
    /// </summary>
    internal static class TaskResultItems
    {
        public const string Output = "Output";
        public const string Error = "Error";
        public const string Warning = "Warning";
        public const string Information = "Information";

        public static string Write(string stream, object? value, int depth) =>
            stream + "\n" + PSSerializer.Serialize(value, depth);

        public static KeyValuePair<string, object?> Read(string item)
        {
            int newline = item.IndexOf('\n');
            if (newline <= 0)
            {
                throw new FormatException("A task result item has no stream name.");
            }
            return new KeyValuePair<string, object?>(item.Substring(0, newline), PSSerializer.Deserialize(item.Substring(newline + 1)));
        }

        /// <summary>An error record again, from its deserialized form.</summary>
        public static ErrorRecord ToErrorRecord(object? value, string taskId)
        {
            var record = value as PSObject;
            object? exception = record?.Properties["Exception"]?.Value;
            string message = (exception as PSObject)?.Properties["Message"]?.Value?.ToString()
                ?? record?.ToString() ?? "The task wrote an error.";
            string errorId = record?.Properties["FullyQualifiedErrorId"]?.Value?.ToString() ?? "TaskError";
            ErrorCategory category = ErrorCategory.NotSpecified;
            if (record?.Properties["CategoryInfo"]?.Value is PSObject info &&
                Enum.TryParse(info.Properties["Category"]?.Value?.ToString(), out ErrorCategory parsed))
            {
                category = parsed;
            }
            return new ErrorRecord(new RemoteException(message), errorId, category, taskId);
        }
    }
}
