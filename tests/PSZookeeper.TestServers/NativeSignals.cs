using System;
using System.Runtime.InteropServices;

namespace PSZookeeper.TestServers;

/// <summary>
/// POSIX signals through libc's <c>kill(2)</c>. Used instead of <see cref="System.Diagnostics.Process.Kill()"/>
/// because pausing needs SIGSTOP/SIGCONT and graceful stop needs SIGTERM, which .NET does not expose.
/// </summary>
internal static class NativeSignals
{
    private const int EPERM = 1;

    internal const int SigKill = 9;
    internal const int SigTerm = 15;

    // SIGSTOP/SIGCONT numbers differ between Linux and the BSDs (macOS).
    internal static readonly int SigStop = OperatingSystem.IsMacOS() ? 17 : 19;
    internal static readonly int SigCont = OperatingSystem.IsMacOS() ? 19 : 18;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/>; false when the process does not exist (or is not ours).</summary>
    internal static bool Send(int pid, int signal)
    {
        // kill(0 or negative, ...) signals whole process groups, i.e. possibly the test host itself.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        return Kill(pid, signal) == 0;
    }

    /// <summary>True when a process with this pid exists (signal 0 probes without delivering anything).</summary>
    internal static bool Exists(int pid) =>
        pid > 0 && (Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == EPERM);
}
