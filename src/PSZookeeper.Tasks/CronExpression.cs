using System;
using System.Linq;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// A cron expression: five fields <c>minute hour day-of-month month day-of-week</c> as in
    /// standard (Vixie) cron, or six with a leading <c>second</c> field. Each field takes <c>*</c>,
    /// values, ranges <c>a-b</c>, steps <c>*/n</c>, <c>a-b/n</c> and <c>a/n</c>, and lists
    /// <c>a,b-c</c>; months and days also take names (JAN-DEC, SUN-SAT); Sunday is 0 or 7. The
    /// macros @yearly (@annually), @monthly, @weekly, @daily (@midnight) and @hourly are accepted.
    /// <para>
    /// Days follow cron's rule: when both the day-of-month and the day-of-week field are
    /// restricted (neither starts with <c>*</c>), a day matches when EITHER does; when one starts
    /// with <c>*</c>, only the other counts. So <c>0 0 1 * MON</c> runs on the 1st and on Mondays.
    /// </para>
    /// <para>
    /// Due times are wall-clock times of a time zone (<see cref="NextAfter"/>). Daylight saving:
    /// a wall time that does not exist (skipped by a spring-forward gap) falls due as much later
    /// as the gap is long (02:30 becomes 03:30, as java.time maps it), and several such times that
    /// land on one instant fall due once; a wall time that occurs twice (the repeated hour of a
    /// fall-back) falls due once, at its first occurrence, so a schedule of every few minutes
    /// pauses through the repeated hour rather than running it twice.
    /// </para>
    /// </summary>
    public sealed class CronExpression
    {
        /// <summary>How far ahead a due time is looked for; an expression with none in that span never falls due (such as 30 February).</summary>
        private const int SearchYears = 10;

        private readonly ulong _seconds;
        private readonly ulong _minutes;
        private readonly ulong _hours;
        private readonly ulong _daysOfMonth;
        private readonly ulong _months;
        private readonly ulong _daysOfWeek;
        private readonly bool _eitherDay;

        private CronExpression(string text, ulong seconds, ulong minutes, ulong hours, ulong daysOfMonth, ulong months, ulong daysOfWeek, bool eitherDay)
        {
            Text = text;
            _seconds = seconds;
            _minutes = minutes;
            _hours = hours;
            _daysOfMonth = daysOfMonth;
            _months = months;
            _daysOfWeek = daysOfWeek;
            _eitherDay = eitherDay;
        }

        /// <summary>The expression as given (trimmed).</summary>
        public string Text { get; }

        /// <summary>Parses a cron expression.</summary>
        /// <exception cref="ArgumentException">The expression is not valid; the message names the field that is not.</exception>
        public static CronExpression Parse(string expression)
        {
            if (string.IsNullOrWhiteSpace(expression))
            {
                throw new ArgumentException("A cron expression is needed, such as '*/5 * * * *' (every five minutes).", "cron");
            }
            string text = expression.Trim();
            string expanded = Macro(text);
            string[] fields = expanded.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 5 && fields.Length != 6)
            {
                throw new ArgumentException($"The cron expression '{text}' has {fields.Length} field(s); it needs 5 (minute hour day-of-month month day-of-week) or 6 (second first).", "cron");
            }
            int first = fields.Length - 5;
            ulong seconds = first == 1 ? CronField.Second.Parse(fields[0], text) : 1UL;
            ulong minutes = CronField.Minute.Parse(fields[first], text);
            ulong hours = CronField.Hour.Parse(fields[first + 1], text);
            ulong daysOfMonth = CronField.DayOfMonth.Parse(fields[first + 2], text);
            ulong months = CronField.Month.Parse(fields[first + 3], text);
            ulong daysOfWeek = CronField.DayOfWeek.Parse(fields[first + 4], text);
            if ((daysOfWeek & (1UL << 7)) != 0)
            {
                daysOfWeek = (daysOfWeek & ~(1UL << 7)) | 1UL; // 7 is Sunday, as 0 is
            }
            bool eitherDay = !fields[first + 2].StartsWith("*", StringComparison.Ordinal) && !fields[first + 4].StartsWith("*", StringComparison.Ordinal);
            return new CronExpression(text, seconds, minutes, hours, daysOfMonth, months, daysOfWeek, eitherDay);
        }

        /// <summary>
        /// The first due time strictly after <paramref name="after"/>, as an instant, with the
        /// fields read as wall-clock times of <paramref name="zone"/> (UTC when null); null when the
        /// expression never falls due (such as 30 February).
        /// </summary>
        public DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo? zone = null)
        {
            zone ??= TimeZoneInfo.Utc;
            DateTime cursor = TimeZoneInfo.ConvertTime(after, zone).DateTime;
            while (true)
            {
                DateTime? wall = NextWallTime(cursor);
                if (wall == null)
                {
                    return null;
                }
                DateTimeOffset instant = ToInstant(wall.Value, zone);
                if (instant > after)
                {
                    return instant;
                }
                cursor = wall.Value; // the first occurrence of a repeated wall time, already past
            }
        }

        /// <summary>
        /// The latest due time in (<paramref name="since"/>, <paramref name="until"/>], or null when
        /// none falls in it. Found by bisection, so a long outage costs a few dozen steps, not one per missed time.
        /// </summary>
        public DateTimeOffset? LatestIn(DateTimeOffset since, DateTimeOffset until, TimeZoneInfo? zone = null)
        {
            DateTimeOffset? first = NextAfter(since, zone);
            if (first == null || first > until)
            {
                return null;
            }
            // Invariant: a due time lies in (low, until], none in (high, until]. Due times are whole
            // seconds, so once high - low is at most a second the first after low is the last one.
            DateTimeOffset low = since;
            DateTimeOffset high = until;
            while (high - low > TimeSpan.FromSeconds(1))
            {
                DateTimeOffset middle = low + TimeSpan.FromTicks((high - low).Ticks / 2);
                if (NextAfter(middle, zone) <= until)
                {
                    low = middle;
                }
                else
                {
                    high = middle;
                }
            }
            return NextAfter(low, zone);
        }

        /// <inheritdoc/>
        public override string ToString() => Text;

        private static string Macro(string text)
        {
            if (!text.StartsWith("@", StringComparison.Ordinal))
            {
                return text;
            }
            switch (text.ToLowerInvariant())
            {
                case "@yearly":
                case "@annually": return "0 0 1 1 *";
                case "@monthly": return "0 0 1 * *";
                case "@weekly": return "0 0 * * 0";
                case "@daily":
                case "@midnight": return "0 0 * * *";
                case "@hourly": return "0 * * * *";
                default:
                    throw new ArgumentException($"The cron expression '{text}' is an unknown macro: use @yearly, @monthly, @weekly, @daily or @hourly, or five or six fields.", "cron");
            }
        }

        /// <summary>The first wall time after <paramref name="start"/> (whole seconds) that every field allows.</summary>
        private DateTime? NextWallTime(DateTime start)
        {
            var t = new DateTime(start.Year, start.Month, start.Day, start.Hour, start.Minute, start.Second).AddSeconds(1);
            int lastYear = Math.Min(start.Year + SearchYears, DateTime.MaxValue.Year - 1);
            while (t.Year <= lastYear)
            {
                if (!Has(_months, t.Month))
                {
                    t = new DateTime(t.Year, t.Month, 1).AddMonths(1);
                }
                else if (!DayMatches(t))
                {
                    t = t.Date.AddDays(1);
                }
                else if (!Has(_hours, t.Hour))
                {
                    t = t.Date.AddHours(t.Hour + 1);
                }
                else if (!Has(_minutes, t.Minute))
                {
                    t = t.Date.AddHours(t.Hour).AddMinutes(t.Minute + 1);
                }
                else if (!Has(_seconds, t.Second))
                {
                    t = t.AddSeconds(1);
                }
                else
                {
                    return t;
                }
            }
            return null;
        }

        private bool DayMatches(DateTime day)
        {
            bool ofMonth = Has(_daysOfMonth, day.Day);
            bool ofWeek = Has(_daysOfWeek, (int)day.DayOfWeek);
            return _eitherDay ? ofMonth || ofWeek : ofMonth && ofWeek;
        }

        private static bool Has(ulong bits, int value) => (bits & (1UL << value)) != 0;

        /// <summary>The instant of a wall time in a zone: a skipped time shifted by its gap, a repeated one at its first occurrence.</summary>
        private static DateTimeOffset ToInstant(DateTime wall, TimeZoneInfo zone)
        {
            TimeSpan offset;
            if (zone.IsInvalidTime(wall))
            {
                // The offset in force before the gap (a day earlier: no zone moves its clocks twice in a day).
                offset = zone.GetUtcOffset(DateTime.SpecifyKind(wall, DateTimeKind.Utc).AddDays(-1));
            }
            else if (zone.IsAmbiguousTime(wall))
            {
                offset = zone.GetAmbiguousTimeOffsets(wall).Max(); // the larger offset is the earlier instant
            }
            else
            {
                offset = zone.GetUtcOffset(wall);
            }
            return new DateTimeOffset(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified), offset).ToUniversalTime();
        }
    }
}
