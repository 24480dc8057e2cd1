using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Core
{
    /// <summary>
    /// Stops what this process runs against ZooKeeper cleanly when the host process ends: the farm's
    /// participants (Start-ZKMaster, Start-ZKWorker), so a master gives its leadership up and a
    /// worker hands its tasks back, and the sessions of Connect-Zookeeper and the zk: drives, so
    /// their ephemeral nodes go at once instead of when the session expires. What PowerShell 7 on Linux does when the
    /// process is asked to end, as checked with 7.6.9:
    /// <list type="bullet">
    /// <item>Ctrl+C (SIGINT) stops the running pipeline: the cmdlet's StopProcessing, no help needed here.</item>
    /// <item>SIGTERM (kill PID, systemd, docker stop) and SIGHUP (the terminal closed) end the process at
    /// once, with no ProcessExit and no finally block: caught here through PosixSignalRegistration
    /// (.NET 6 and later, found by reflection since the module targets netstandard2.0). The handler
    /// lets the signal's default action, ending the process, go on when it returns. Which Windows
    /// events (console closed, logoff, shutdown) .NET raises as these was not checked here.</item>
    /// <item>The host ending normally (exit while a thread job runs a participant): PowerShell 7 stops
    /// the job's pipeline as it exits (checked), which is Ctrl+C's path. AppDomain.ProcessExit is
    /// caught here too, for hosts that end without stopping their runspaces.</item>
    /// <item>Stop-Process, with or without -Force, kills the process (SIGKILL on Linux, TerminateProcess
    /// on Windows): no code runs, and the session expires after its timeout.</item>
    /// </list>
    /// Windows PowerShell 5.1 (.NET Framework) has no PosixSignalRegistration: there Ctrl+C and a
    /// normal exit (ProcessExit, whose handlers .NET Framework cuts off after about 2 s in all) are
    /// clean, and closing the console window is a kill.
    /// </summary>
    internal static class HostExit
    {
        /// <summary>How long the process's end waits for everything enlisted to stop (docker stop and systemd wait at least this long before a kill).</summary>
        internal static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

        private static readonly object Gate = new object();
        private static readonly HashSet<Participant> Running = new HashSet<Participant>();
        private static bool _installed;

        // The signal registrations: they unregister when collected, so they live as long as the process.
        private static readonly List<IDisposable> Registrations = new List<IDisposable>();

        /// <summary>
        /// Enlists something running until the returned object is disposed: when the process ends,
        /// <paramref name="stop"/> is called and the end waits (at most <see cref="Grace"/>, for
        /// everything enlisted together) for the task it returns.
        /// </summary>
        public static IDisposable Enlist(Func<Task> stop)
        {
            var participant = new Participant(stop);
            lock (Gate)
            {
                if (!_installed)
                {
                    Install();
                    _installed = true;
                }
                Running.Add(participant);
            }
            return participant;
        }

        private static void Install()
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
            Type? registration = Type.GetType("System.Runtime.InteropServices.PosixSignalRegistration, System.Runtime.InteropServices");
            Type? signal = Type.GetType("System.Runtime.InteropServices.PosixSignal, System.Runtime.InteropServices");
            Type? context = Type.GetType("System.Runtime.InteropServices.PosixSignalContext, System.Runtime.InteropServices");
            MethodInfo? create = registration == null || signal == null || context == null ? null : registration.GetMethod("Create", new[] { signal, typeof(Action<>).MakeGenericType(context) });
            if (create == null)
            {
                return; // .NET Framework (Windows PowerShell 5.1): ProcessExit only.
            }
            // A method taking object binds to Action<PosixSignalContext> (parameter contravariance).
            Delegate handler = Delegate.CreateDelegate(typeof(Action<>).MakeGenericType(context!), typeof(HostExit).GetMethod(nameof(OnSignal), BindingFlags.NonPublic | BindingFlags.Static)!);
            foreach (string name in new[] { "SIGTERM", "SIGHUP" })
            {
                Registrations.Add((IDisposable)create.Invoke(null, new[] { Enum.Parse(signal!, name), handler })!);
            }
        }

        /// <summary>A signal that ends the process: stop first; the default action (the process ends) follows the return.</summary>
        private static void OnSignal(object context) => StopAll();

        private static void StopAll()
        {
            List<Participant> running;
            lock (Gate)
            {
                running = Running.ToList();
            }
            Task[] stopped = running.Select(p => p.Stop()).ToArray();
            Task.WhenAll(stopped).ContinueWith(_ => { }, TaskScheduler.Default).Wait(Grace);
        }

        private sealed class Participant : IDisposable
        {
            private readonly Func<Task> _stop;

            public Participant(Func<Task> stop)
            {
                _stop = stop;
            }

            public Task Stop()
            {
                try
                {
                    return _stop();
                }
                catch (Exception ex)
                {
                    // It ended on its own meanwhile (a disposed token source), or failed to stop: the process ends all the same.
                    return Task.FromException(ex);
                }
            }

            public void Dispose()
            {
                lock (Gate)
                {
                    HostExit.Running.Remove(this);
                }
            }
        }
    }
}
