using System;
using System.Collections.Generic;
using System.Globalization;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// One folder of the queue: tasks/p&lt;priority&gt;-&lt;slot&gt; holds the tasks of one priority that
    /// fall due in one second (slot: Unix seconds, UTC, of the later of submission and NotBefore).
    /// The queue is split this way so that no listing holds the whole queue (a reply over the
    /// server's 1 MiB packet limit breaks the connection): the master lists the bucket names, orders
    /// them by priority (higher first) and slot, and lists only the first buckets it needs. A bucket
    /// is a container node: the server removes it once its last task has left.
    /// </summary>
    internal readonly struct QueueBucket
    {
        private QueueBucket(string name, int priority, long slot)
        {
            Name = name;
            Priority = priority;
            Slot = slot;
        }

        // The last second DateTimeOffset can hold (9999-12-31T23:59:59Z).
        private const long LastSlot = 253402300799;

        /// <summary>The bucket's node name under tasks/.</summary>
        public string Name { get; }

        /// <summary>The priority of every task in it.</summary>
        public int Priority { get; }

        /// <summary>The second (Unix seconds, UTC) its tasks fall due.</summary>
        public long Slot { get; }

        /// <summary>When its tasks fall due at the earliest.</summary>
        public DateTimeOffset DueAt => DateTimeOffset.FromUnixTimeSeconds(Slot);

        /// <summary>The bucket of a task of <paramref name="priority"/> that is due at <paramref name="due"/>.</summary>
        public static QueueBucket For(int priority, DateTimeOffset due)
        {
            long slot = due.ToUnixTimeSeconds();
            return new QueueBucket(
                "p" + priority.ToString(CultureInfo.InvariantCulture) + "-" + slot.ToString(CultureInfo.InvariantCulture), priority, slot);
        }

        /// <summary>Reads a child name of tasks/; false for anything that is not a bucket (a cancellation mark).</summary>
        public static bool TryParse(string name, out QueueBucket bucket)
        {
            bucket = default;
            int dash = name.LastIndexOf('-');
            if (name.Length < 4 || name[0] != 'p' || dash < 2
                || !int.TryParse(name.Substring(1, dash - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int priority)
                || !long.TryParse(name.Substring(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long slot)
                || slot > LastSlot)
            {
                return false;
            }
            bucket = new QueueBucket(name, priority, slot);
            // Only the canonical spelling: one bucket per priority and second.
            return For(priority, DateTimeOffset.FromUnixTimeSeconds(slot)).Name == name;
        }

        /// <summary>Queue order: higher priority first, then earlier slot.</summary>
        public static readonly IComparer<QueueBucket> QueueOrder = Comparer<QueueBucket>.Create((a, b) =>
            a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Slot.CompareTo(b.Slot));
    }
}
