using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace PSZookeeper.Core.Trees
{
    /// <summary>
    /// Turns tree progress into ProgressRecords: one record id per activity, nothing for small
    /// trees (a bar that flashes for a few nodes is noise), and a Completed record at the end.
    /// </summary>
    internal sealed class TreeProgress
    {
        /// <summary>Trees smaller than this show no progress bar.</summary>
        public const int Threshold = 100;

        private readonly Action<ProgressRecord> _write;
        private readonly Dictionary<string, int> _ids = new Dictionary<string, int>(StringComparer.Ordinal);

        public TreeProgress(Action<ProgressRecord> write) => _write = write;

        /// <summary>Writes one progress step; <paramref name="done"/> == <paramref name="total"/> completes the activity.</summary>
        public void Report(string activity, string status, int done, int total)
        {
            if (total < Threshold)
            {
                return;
            }
            if (!_ids.TryGetValue(activity, out int id))
            {
                id = _ids.Count + 1;
                _ids[activity] = id;
            }
            var record = new ProgressRecord(id, activity, status)
            {
                PercentComplete = (int)Math.Min(100, done * 100L / total),
                RecordType = done >= total ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            _write(record);
        }
    }
}
