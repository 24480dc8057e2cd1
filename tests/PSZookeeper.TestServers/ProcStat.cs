using System;
using System.IO;

namespace PSZookeeper.TestServers;

/// <summary>Reads fields of Linux <c>/proc/&lt;pid&gt;/stat</c>.</summary>
internal static class ProcStat
{
    /// <summary>
    /// Reads the process state letter (e.g. 'R', 'S', 'T' = stopped) and start time (clock ticks
    /// since boot). The start time turns a pid into an identity that survives pid reuse.
    /// </summary>
    internal static bool TryRead(int pid, out char state, out ulong startTime)
    {
        state = '\0';
        startTime = 0;
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // Field 2 (comm) is parenthesised and may itself contain spaces or ')', so split after
        // the last ')': what follows starts at field 3 (state); starttime is field 22.
        int close = text.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }

        string[] fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20 || fields[0].Length != 1)
        {
            return false;
        }

        state = fields[0][0];
        return ulong.TryParse(fields[19], out startTime);
    }
}
