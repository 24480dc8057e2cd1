using System;
using System.Globalization;

namespace PSZookeeper.TestServers;

/// <summary>
/// Identifies the test host that owns a java server: its pid plus the pid's start time, so a
/// recycled pid belonging to some unrelated process is not mistaken for a live owner.
/// </summary>
internal static class OwnerIdentity
{
    /// <summary>System property naming the owning test host's pid on every java command line.</summary>
    internal const string PidProperty = "pszk.owner";

    /// <summary>System property carrying the owner's <c>/proc</c> start time (see <see cref="ProcStat"/>).</summary>
    internal const string StartTimeProperty = "pszk.ownerStart";

    /// <summary>This process's pid.</summary>
    internal static int Pid { get; } = Environment.ProcessId;

    /// <summary>This process's start time in clock ticks, or 0 where /proc is unavailable.</summary>
    internal static ulong StartTime { get; } = ProcStat.TryRead(Environment.ProcessId, out _, out ulong start) ? start : 0;

    /// <summary>The text written to owner files and compared by <see cref="IsAlive(string)"/>: "pid starttime".</summary>
    internal static string Token { get; } = string.Create(CultureInfo.InvariantCulture, $"{Pid} {StartTime}");

    /// <summary>True when the process <paramref name="pid"/> exists and, if known, started at <paramref name="startTime"/>.</summary>
    internal static bool IsAlive(int pid, ulong? startTime)
    {
        if (ProcStat.TryRead(pid, out char state, out ulong actualStart))
        {
            // A SIGKILLed host lingers as a zombie until its parent reaps it; it is gone for our purposes.
            bool running = state is not ('Z' or 'X' or 'x');
            return running && (startTime is not ulong expected || expected == 0 || expected == actualStart);
        }

        // No /proc entry: either the process is gone or there is no procfs (non-Linux).
        return !OperatingSystem.IsLinux() && NativeSignals.Exists(pid);
    }

    /// <summary>Parses an owner token ("pid starttime" or just "pid") and checks liveness; unparsable tokens count as alive so nothing is killed by mistake.</summary>
    internal static bool IsAlive(string token)
    {
        string[] parts = token.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            return true;
        }

        ulong? start = parts.Length > 1 && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong s) ? s : null;
        return IsAlive(pid, start);
    }
}
