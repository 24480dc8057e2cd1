using System;
using Xunit;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>The cron parser and due-time computation: fields, the day rule, zones and daylight saving, bad input.</summary>
    public sealed class CronExpressionTests
    {
        private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text + "Z", System.Globalization.CultureInfo.InvariantCulture);

        private static DateTimeOffset? Next(string cron, string afterUtc, TimeZoneInfo? zone = null) =>
            CronExpression.Parse(cron).NextAfter(Utc(afterUtc), zone);

        [Theory]
        [InlineData("* * * * *", "2026-03-04T10:20:30", "2026-03-04T10:21:00")]
        [InlineData("*/15 * * * *", "2026-03-04T10:20:30", "2026-03-04T10:30:00")]
        [InlineData("5,40-42 * * * *", "2026-03-04T10:41:00", "2026-03-04T10:42:00")]
        [InlineData("5,40-42 * * * *", "2026-03-04T10:42:00", "2026-03-04T11:05:00")]
        [InlineData("10-50/20 * * * *", "2026-03-04T10:31:00", "2026-03-04T10:50:00")]
        [InlineData("45/10 * * * *", "2026-03-04T10:56:00", "2026-03-04T11:45:00")]
        [InlineData("0 9 * * MON-FRI", "2026-03-06T09:00:00", "2026-03-09T09:00:00")] // Friday 9:00 -> Monday
        [InlineData("0 0 * * 7", "2026-03-04T00:00:00", "2026-03-08T00:00:00")] // 7 is Sunday
        [InlineData("0 0 * * sun", "2026-03-04T00:00:00", "2026-03-08T00:00:00")]
        [InlineData("0 0 1 jan,Jul *", "2026-03-04T00:00:00", "2026-07-01T00:00:00")]
        [InlineData("0 0 29 2 *", "2026-03-04T00:00:00", "2028-02-29T00:00:00")] // the next leap day
        [InlineData("0 0 31 * *", "2026-04-01T00:00:00", "2026-05-31T00:00:00")] // April has no 31st
        [InlineData("*/2 * * * * *", "2026-03-04T10:20:31", "2026-03-04T10:20:32")] // six fields: seconds first
        [InlineData("30 0 12 * * *", "2026-03-04T12:00:30", "2026-03-05T12:00:30")]
        [InlineData("@hourly", "2026-03-04T10:20:00", "2026-03-04T11:00:00")]
        [InlineData("@daily", "2026-12-31T10:20:00", "2027-01-01T00:00:00")]
        [InlineData("0 0 * * * ", "2026-03-04T10:20:00", "2026-03-05T00:00:00")]
        public void NextDueTimeInUtc(string cron, string after, string expected) =>
            Assert.Equal(Utc(expected), Next(cron, after));

        [Fact]
        public void DayOfMonthAndDayOfWeekBothRestrictedMatchEither()
        {
            // 1st of the month OR a Monday (2026-03-04 is a Wednesday; the 9th is a Monday, April 1st a Wednesday).
            Assert.Equal(Utc("2026-03-09T00:00:00"), Next("0 0 1 * MON", "2026-03-04T00:00:00"));
            Assert.Equal(Utc("2026-04-01T00:00:00"), Next("0 0 1 * MON", "2026-03-30T00:00:00"));
            // A star (even */n) in either field: only the other one counts.
            Assert.Equal(Utc("2026-03-09T00:00:00"), Next("0 0 * * MON", "2026-03-04T00:00:00"));
            Assert.Equal(Utc("2026-03-09T00:00:00"), Next("0 0 */1 * MON", "2026-03-04T00:00:00"));
            Assert.Equal(Utc("2026-04-01T00:00:00"), Next("0 0 1 * *", "2026-03-04T00:00:00"));
        }

        [Fact]
        public void ATimeZoneReadsTheFieldsAsItsWallClock()
        {
            // 09:00 in Berlin is 08:00 UTC in winter, 07:00 UTC in summer.
            Assert.Equal(Utc("2026-03-05T08:00:00"), Next("0 9 * * *", "2026-03-04T09:00:00", Berlin));
            Assert.Equal(Utc("2026-07-05T07:00:00"), Next("0 9 * * *", "2026-07-04T09:00:00", Berlin));
        }

        [Fact]
        public void AWallTimeSkippedBySpringForwardFallsDueAsMuchLater()
        {
            // Berlin, 29 March 2026: 02:00 CET jumps to 03:00 CEST (01:00 UTC). 02:30 does not exist: it falls due at 03:30 CEST.
            Assert.Equal(Utc("2026-03-29T01:30:00"), Next("30 2 * * *", "2026-03-28T12:00:00", Berlin));
            // Every 20 minutes: 01:40 CET, then 02:00 (skipped, so at 03:00 CEST = the gap's end), then 03:20; 02:20 and 02:40 land on 03:20 and 03:40 and fall due once.
            var cron = CronExpression.Parse("*/20 * * * *");
            DateTimeOffset t = Utc("2026-03-29T00:40:00"); // 01:40 CET
            var seen = new System.Collections.Generic.List<DateTimeOffset>();
            for (int i = 0; i < 4; i++)
            {
                t = cron.NextAfter(t, Berlin)!.Value;
                seen.Add(t);
            }
            Assert.Equal(new[] { Utc("2026-03-29T01:00:00"), Utc("2026-03-29T01:20:00"), Utc("2026-03-29T01:40:00"), Utc("2026-03-29T02:00:00") }, seen);
        }

        [Fact]
        public void AWallTimeRepeatedByFallBackFallsDueOnceAtItsFirstOccurrence()
        {
            // Berlin, 25 October 2026: 03:00 CEST goes back to 02:00 CET, so 02:30 happens at 00:30 UTC and again at 01:30 UTC.
            Assert.Equal(Utc("2026-10-25T00:30:00"), Next("30 2 * * *", "2026-10-24T12:00:00", Berlin));
            Assert.Equal(Utc("2026-10-26T01:30:00"), Next("30 2 * * *", "2026-10-25T00:30:00", Berlin));
            // Hourly: 02:00 CEST (00:00 UTC), then 03:00 CET (02:00 UTC); the second 02:00 (01:00 UTC) is not run again.
            Assert.Equal(Utc("2026-10-25T02:00:00"), Next("0 * * * *", "2026-10-25T00:00:00", Berlin));
            // Asked from inside the second pass of the repeated hour, the next due time is after it.
            Assert.Equal(Utc("2026-10-25T02:00:00"), Next("*/10 * * * *", "2026-10-25T01:15:00", Berlin));
        }

        [Fact]
        public void LatestInFindsTheLastMissedDueTimeWithoutWalkingEachOne()
        {
            var everySecond = CronExpression.Parse("* * * * * *");
            Assert.Equal(Utc("2026-06-01T00:00:00"), everySecond.LatestIn(Utc("2025-06-01T00:00:00"), Utc("2026-06-01T00:00:00.9")));
            var daily = CronExpression.Parse("0 3 * * *");
            Assert.Equal(Utc("2026-03-10T03:00:00"), daily.LatestIn(Utc("2026-03-01T00:00:00"), Utc("2026-03-10T12:00:00")));
            Assert.Equal(Utc("2026-03-10T03:00:00"), daily.LatestIn(Utc("2026-03-10T02:59:59"), Utc("2026-03-10T03:00:00")));
            Assert.Null(daily.LatestIn(Utc("2026-03-10T03:00:00"), Utc("2026-03-11T02:59:59")));
            Assert.Equal(Utc("2026-03-29T01:30:00"), CronExpression.Parse("30 2 * * *").LatestIn(Utc("2026-03-28T12:00:00"), Utc("2026-03-29T12:00:00"), Berlin));
        }

        [Fact]
        public void AnExpressionThatNeverMatchesHasNoDueTime() =>
            Assert.Null(Next("0 0 30 2 *", "2026-01-01T00:00:00"));

        [Theory]
        [InlineData("", "needed")]
        [InlineData("* * * *", "has 4 field(s)")]
        [InlineData("* * * * * * *", "has 7 field(s)")]
        [InlineData("60 * * * *", "bad minute field '60': 60 is outside 0-59")]
        [InlineData("* 24 * * *", "bad hour field '24'")]
        [InlineData("* * 0 * *", "bad day-of-month field '0'")]
        [InlineData("* * * 13 *", "bad month field '13'")]
        [InlineData("* * * FOO *", "bad month field 'FOO': 'FOO' is not a number or a name (JAN-DEC)")]
        [InlineData("* * * * 8", "bad day-of-week field '8'")]
        [InlineData("*/0 * * * *", "bad minute field '*/0': the step")]
        [InlineData("5-2 * * * *", "bad minute field '5-2': the range '5-2' runs backwards")]
        [InlineData("1,,2 * * * *", "bad minute field '1,,2': an empty list item")]
        [InlineData("61 * * * * *", "bad second field '61'")]
        [InlineData("x * * * *", "bad minute field 'x': 'x' is not a number")]
        [InlineData("@reboot", "unknown macro")]
        public void BadInputIsRefusedNamingTheField(string cron, string message)
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() => CronExpression.Parse(cron));
            Assert.Contains(message, error.Message);
            Assert.Equal("cron", error.ParamName);
        }
    }
}
