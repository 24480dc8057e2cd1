using System;
using System.Management.Automation;

namespace PSZookeeper.Core
{
    /// <summary>
    /// The seed's loop protocol: an Action that outputs "completed" on a line by itself ends the
    /// Connect-Zookeeper loop.
    /// </summary>
    internal static class CompletedMarker
    {
        public const string Text = "completed";

        /// <summary>True for the string "completed", or a multi-line string with it on a line by itself.</summary>
        public static bool IsCompleted(object? output)
        {
            object? value = output is PSObject pso ? pso.BaseObject : output;
            if (!(value is string text))
            {
                return false;
            }
            foreach (string line in text.Split(new[] { "\r\n", "\n" }, StringSplitOptions.None))
            {
                if (string.Equals(line.Trim(), Text, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
