using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// Task ids: <c>task-&lt;submission key&gt;-&lt;bucket&gt;-&lt;sequence&gt;</c>. The key names one
    /// submission, so when a create's reply is lost to a connection loss the submitter finds the
    /// task again by its key instead of queueing it twice (the idea of Curator's protected create).
    /// The bucket (p&lt;priority&gt;-&lt;slot&gt;, see the queue's folders in <see cref="FarmPaths"/>) says
    /// where the task waits, so anyone finds a queued task from its id alone; the sequence the
    /// server appends gives the order within the bucket.
    /// </summary>
    public static class TaskNames
    {
        // Lower-case RFC 4648 base32 without padding: path-safe and case-insensitive to read.
        private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        private const int KeyBytes = 8;

        /// <summary>A fresh random submission key (64 bits, 13 characters).</summary>
        public static string NewKey()
        {
            var bytes = new byte[KeyBytes];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(bytes);
            }
            return Base32(bytes);
        }

        /// <summary>
        /// The submission key for a caller's idempotency key: the same text always gives the same
        /// key, so a script that runs again after a crash finds the task it submitted before.
        /// </summary>
        public static string KeyFor(string idempotencyKey)
        {
            if (string.IsNullOrEmpty(idempotencyKey))
            {
                throw new ArgumentException("An idempotency key must not be empty.", nameof(idempotencyKey));
            }
            using (var sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(idempotencyKey));
                return Base32(hash.Take(KeyBytes).ToArray());
            }
        }

        /// <summary>The start of every id of the submission <paramref name="key"/>, whatever its bucket: task-&lt;key&gt;-.</summary>
        public static string Prefix(string key) => "task-" + key + "-";

        /// <summary>The name prefix the server appends the sequence to: task-&lt;key&gt;-&lt;bucket&gt;-.</summary>
        internal static string Prefix(string key, QueueBucket bucket) => Prefix(key) + bucket.Name + "-";

        /// <summary>The bucket a task id names; false for an id without one.</summary>
        internal static bool TryGetBucket(string taskId, out QueueBucket bucket)
        {
            bucket = default;
            int keyEnd = taskId.StartsWith("task-", StringComparison.Ordinal) ? taskId.IndexOf('-', 5) : -1;
            int sequenceStart = taskId.LastIndexOf('-');
            return keyEnd > 0 && sequenceStart > keyEnd + 1
                && QueueBucket.TryParse(taskId.Substring(keyEnd + 1, sequenceStart - keyEnd - 1), out bucket);
        }

        /// <summary>The server's sequence number at the end of a task id; -1 when there is none.</summary>
        public static long Sequence(string taskId)
        {
            int dash = taskId.LastIndexOf('-');
            return dash >= 0 && long.TryParse(taskId.Substring(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long sequence)
                ? sequence
                : -1;
        }

        /// <summary>The task id a child of tasks/ stands for (a cancellation mark stands for its task).</summary>
        /// <param name="child">A child name of the farm's tasks/ folder.</param>
        /// <returns>The task id.</returns>
        public static string OfQueueEntry(string child) =>
            child.StartsWith(FarmPaths.CancelPrefix, StringComparison.Ordinal) ? child.Substring(FarmPaths.CancelPrefix.Length) : child;

        /// <summary>Task ids in queue order: higher priority first, then by when they fell due, then as they were queued.</summary>
        public static IEnumerable<string> InQueueOrder(IEnumerable<string> taskIds) =>
            taskIds.Select(id => (id, hasBucket: TryGetBucket(id, out QueueBucket bucket), bucket))
                .OrderBy(t => t.hasBucket ? t.bucket : default, QueueBucket.QueueOrder)
                .ThenBy(t => Sequence(t.id)).ThenBy(t => t.id, StringComparer.Ordinal)
                .Select(t => t.id);

        private static string Base32(byte[] bytes)
        {
            var text = new StringBuilder();
            int buffer = 0;
            int bits = 0;
            foreach (byte b in bytes)
            {
                buffer = (buffer << 8) | b;
                bits += 8;
                while (bits >= 5)
                {
                    text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                    bits -= 5;
                }
            }
            if (bits > 0)
            {
                text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
            }
            return text.ToString();
        }
    }
}
