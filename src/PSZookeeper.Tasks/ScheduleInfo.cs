using System;

namespace PSZookeeper.Tasks
{
    /// <summary>A schedule as read from the farm, with the due time it fires for next.</summary>
    public sealed class ScheduleInfo
    {
        internal ScheduleInfo(string name, ScheduleRecord record, DateTimeOffset now)
        {
            Name = name;
            Record = record;
            try
            {
                CronExpression cron = CronExpression.Parse(record.Cron);
                TimeZoneInfo zone = record.Zone();
                // A due time missed while no master ran fires as soon as one does: that one is next.
                NextDue = cron.LatestIn(record.FiredThrough, now, zone) ?? cron.NextAfter(record.FiredThrough, zone);
            }
            catch (ArgumentException)
            {
                NextDue = null; // not readable here (a zone this system does not know); the master reports it
            }
        }

        /// <summary>The schedule's name.</summary>
        public string Name { get; }

        /// <summary>The stored record.</summary>
        public ScheduleRecord Record { get; }

        /// <summary>The due time the master fires for next (in the past when one was missed and the master has not caught up); null when it never falls due or cannot be computed here.</summary>
        public DateTimeOffset? NextDue { get; }
    }
}
