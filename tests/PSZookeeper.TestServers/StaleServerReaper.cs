using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace PSZookeeper.TestServers;

/// <summary>
/// Kills java servers left behind by test hosts that died without cleaning up (e.g. SIGKILLed
/// before their babysitter noticed, or on a machine where the babysitter could not run).
/// Every server's command line carries <c>-Dpszk.owner=&lt;pid&gt;</c> and
/// <c>-Dpszk.ownerStart=&lt;ticks&gt;</c>; a server whose owner is gone is an orphan.
/// </summary>
internal static class StaleServerReaper
{
    /// <summary>Scans <c>/proc/*/cmdline</c> once and SIGKILLs every orphan; returns how many were killed.</summary>
    internal static int KillOrphans()
    {
        if (!Directory.Exists("/proc"))
        {
            return 0;
        }

        int killed = 0;
        string pidPrefix = "-D" + OwnerIdentity.PidProperty + "=";
        string startPrefix = "-D" + OwnerIdentity.StartTimeProperty + "=";
        foreach (string entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                || pid == Environment.ProcessId)
            {
                continue;
            }

            string[]? args = TryReadCommandLine(pid);
            if (args is null)
            {
                continue;
            }

            int? ownerPid = null;
            ulong? ownerStart = null;
            foreach (string arg in args)
            {
                if (arg.StartsWith(pidPrefix, StringComparison.Ordinal)
                    && int.TryParse(arg.AsSpan(pidPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int p))
                {
                    ownerPid = p;
                }
                else if (arg.StartsWith(startPrefix, StringComparison.Ordinal)
                    && ulong.TryParse(arg.AsSpan(startPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out ulong s))
                {
                    ownerStart = s;
                }
            }

            if (ownerPid is int owner && !OwnerIdentity.IsAlive(owner, ownerStart) && NativeSignals.Send(pid, NativeSignals.SigKill))
            {
                killed++;
            }
        }

        return killed;
    }

    // Processes come and go during the scan (and some are other users'), so any read failure
    // just means "not one of ours".
    private static string[]? TryReadCommandLine(int pid)
    {
        try
        {
            byte[] raw = File.ReadAllBytes($"/proc/{pid}/cmdline");
            return raw.Length == 0 ? null : Encoding.UTF8.GetString(raw).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
