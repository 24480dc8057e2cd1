using System;
using System.IO;
using System.Text;

namespace PSZookeeper.Tasks
{
    /// <summary>Keeps a finished attempt's files: stdout.txt, stderr.txt and result.json in the task's folder.</summary>
    internal static class TaskResultFiles
    {
        public static void Write(string directory, string taskId, string worker, int attempt, DateTimeOffset? started, TaskOutcome outcome)
        {
            var utf8 = new UTF8Encoding(false);
            File.WriteAllText(Path.Combine(directory, "stdout.txt"), outcome.Output ?? string.Empty, utf8);
            File.WriteAllText(Path.Combine(directory, "stderr.txt"), outcome.Error ?? string.Empty, utf8);
            var result = new
            {
                taskId,
                worker,
                attempt,
                exitCode = outcome.ExitCode,
                started,
                finished = DateTimeOffset.UtcNow,
            };
            File.WriteAllBytes(Path.Combine(directory, "result.json"), System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(result));
        }
    }
}
