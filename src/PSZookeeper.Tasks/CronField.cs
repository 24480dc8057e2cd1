using System;
using System.Globalization;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// One field of a cron expression, parsed into the set of values it allows (a bit per value):
    /// <c>*</c>, a value, a range <c>a-b</c>, a step <c>*/n</c>, <c>a-b/n</c> or <c>a/n</c> (a to the
    /// field's maximum), and comma-separated lists of these; months and days of the week also by
    /// their English three-letter names.
    /// </summary>
    internal sealed class CronField
    {
        private static readonly string[] MonthNames = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" };
        private static readonly string[] DayNames = { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" };

        public static readonly CronField Second = new CronField("second", 0, 59, null, 0);
        public static readonly CronField Minute = new CronField("minute", 0, 59, null, 0);
        public static readonly CronField Hour = new CronField("hour", 0, 23, null, 0);
        public static readonly CronField DayOfMonth = new CronField("day-of-month", 1, 31, null, 0);
        public static readonly CronField Month = new CronField("month", 1, 12, MonthNames, 1);

        /// <summary>0 to 7, where 7 is Sunday again (folded onto 0 after parsing).</summary>
        public static readonly CronField DayOfWeek = new CronField("day-of-week", 0, 7, DayNames, 0);

        private readonly string[]? _names;
        private readonly int _firstNameValue;

        private CronField(string name, int min, int max, string[]? names, int firstNameValue)
        {
            Name = name;
            Min = min;
            Max = max;
            _names = names;
            _firstNameValue = firstNameValue;
        }

        /// <summary>The field's name in error messages.</summary>
        public string Name { get; }

        public int Min { get; }

        public int Max { get; }

        /// <summary>The values <paramref name="text"/> allows, as bits (bit v set: value v allowed).</summary>
        /// <exception cref="ArgumentException">The text is not valid for this field; the message names the field.</exception>
        public ulong Parse(string text, string expression)
        {
            ulong bits = 0;
            foreach (string item in text.Split(','))
            {
                bits |= ParseItem(item, text, expression);
            }
            return bits;
        }

        private ulong ParseItem(string item, string text, string expression)
        {
            if (item.Length == 0)
            {
                throw Bad(text, expression, "an empty list item");
            }
            int slash = item.IndexOf('/');
            string range = slash < 0 ? item : item.Substring(0, slash);
            int step = 1;
            if (slash >= 0 && (!int.TryParse(item.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1))
            {
                throw Bad(text, expression, $"the step in '{item}' must be a whole number of at least 1");
            }
            int from;
            int to;
            if (range == "*")
            {
                from = Min;
                to = Max;
            }
            else
            {
                int dash = range.IndexOf('-');
                from = Value(dash < 0 ? range : range.Substring(0, dash), text, expression);
                // a/n runs from a to the field's end, as in Vixie cron; a plain value is itself.
                to = dash >= 0 ? Value(range.Substring(dash + 1), text, expression) : slash >= 0 ? Max : from;
                if (to < from)
                {
                    throw Bad(text, expression, $"the range '{range}' runs backwards");
                }
            }
            ulong bits = 0;
            for (int value = from; value <= to; value += step)
            {
                bits |= 1UL << value;
            }
            return bits;
        }

        private int Value(string token, string text, string expression)
        {
            if (_names != null)
            {
                int index = Array.FindIndex(_names, name => string.Equals(name, token, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    return index + _firstNameValue;
                }
            }
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            {
                throw Bad(text, expression, $"'{token}' is not a number{(_names == null ? "" : " or a name (" + _names[0] + "-" + _names[_names.Length - 1] + ")")}");
            }
            if (value < Min || value > Max)
            {
                throw Bad(text, expression, $"{value} is outside {Min}-{Max}");
            }
            return value;
        }

        private ArgumentException Bad(string text, string expression, string why) =>
            new ArgumentException($"The cron expression '{expression}' has a bad {Name} field '{text}': {why}.", "cron");
    }
}
