using System;
using System.Text.RegularExpressions;

namespace PSZookeeper.Tasks
{
    /// <summary>A recurring schedule as stored in root/schedules/&lt;name&gt;: when it falls due, what it queues, and the last due time it fired for.</summary>
    public sealed class ScheduleRecord
    {
        /// <summary>The cron expression (see <see cref="CronExpression"/>).</summary>
        public string Cron { get; set; } = string.Empty;

        /// <summary>The time zone the cron fields are read in (an id TimeZoneInfo knows); null: UTC.</summary>
        public string? TimeZone { get; set; }

        /// <summary>The task queued at each due time (its Attempt, Submitted and SubmittedBy are set when it is queued).</summary>
        public TaskSpec Task { get; set; } = new TaskSpec();

        /// <summary>Who registered the schedule (whoAmI); the tasks it queues carry this as their SubmittedBy.</summary>
        public string? CreatedBy { get; set; }

        /// <summary>When it was registered (or last replaced): it first falls due after this.</summary>
        public DateTimeOffset Registered { get; set; }

        /// <summary>The due time it last fired for; the master writes it in the transaction that queues the task.</summary>
        public DateTimeOffset? LastFired { get; set; }

        /// <summary>The due times after this one are the ones still to fire.</summary>
        internal DateTimeOffset FiredThrough => LastFired.HasValue && LastFired.Value > Registered ? LastFired.Value : Registered;

        /// <summary>The time zone, resolved.</summary>
        /// <exception cref="ArgumentException">This system does not know the zone.</exception>
        internal TimeZoneInfo Zone() => ResolveZone(TimeZone);

        /// <summary>The zone an id names; UTC for null or empty.</summary>
        /// <exception cref="ArgumentException">This system does not know the zone.</exception>
        internal static TimeZoneInfo ResolveZone(string? id)
        {
            if (string.IsNullOrEmpty(id))
            {
                return TimeZoneInfo.Utc;
            }
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException || ex is InvalidTimeZoneException)
            {
                throw new ArgumentException($"The time zone '{id}' is not known on this system ({ex.Message}).", "timeZone", ex);
            }
        }
    }

    /// <summary>Schedule names and the names of the tasks schedules queue.</summary>
    public static class ScheduleNames
    {
        private static readonly Regex Valid = new Regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", RegexOptions.CultureInvariant);

        /// <summary>Checks a schedule's name: 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit.</summary>
        /// <exception cref="ArgumentException">The name is not valid.</exception>
        public static string Check(string name)
        {
            if (name == null || !Valid.IsMatch(name))
            {
                throw new ArgumentException($"'{name}' is not a valid schedule name: use 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit.", nameof(name));
            }
            return name;
        }

        /// <summary>
        /// The submission key of the task a schedule queues for one due time: a hash of the
        /// schedule's name and the due time, so the task of any due time can be found by its id's
        /// prefix (<see cref="TaskNames.Prefix(string)"/>), whatever queue bucket it went to, and a
        /// test can check that each due time queued one task at most.
        /// </summary>
        public static string TaskKey(string schedule, DateTimeOffset due) =>
            TaskNames.KeyFor("schedule:" + schedule + "@" + due.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
    }
}
