using System;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// How long the farm keeps finished tasks: the active master removes a finished task's status
    /// and results once it is older than <see cref="MaxAge"/>, or when more than
    /// <see cref="MaxCount"/> tasks have finished (oldest first), so a farm that runs for months
    /// keeps a bounded tree. Queued and running tasks are never removed.
    /// </summary>
    public sealed class TaskRetention
    {
        /// <summary>Finished tasks older than this are removed. Default 7 days.</summary>
        public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

        /// <summary>At most this many finished tasks are kept; past it the oldest go first. Default 10,000.</summary>
        public int MaxCount { get; set; } = 10000;

        /// <summary>Throws when the values make no sense.</summary>
        internal void Validate()
        {
            if (MaxAge < TimeSpan.Zero || MaxCount < 0)
            {
                throw new ArgumentException("Retention needs a MaxAge and a MaxCount of zero or more.");
            }
        }
    }
}
