using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// The dedicated threads that run connections (<see cref="Transport"/>). A thread whose
    /// connection has ended waits a while for the next one before it exits: starting a thread
    /// costs 0.1-0.5 ms on a busy machine, which every new client and every reconnect would
    /// otherwise pay on its way to "connected". An idle process holds none after
    /// <see cref="IdleLifetime"/>.
    /// </summary>
    internal static class ConnectionThreads
    {
        private static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(10);
        // May hold threads that have exited since: taking one fails and the next is tried.
        private static readonly ConcurrentStack<Worker> Idle = new ConcurrentStack<Worker>();

        /// <summary>Runs <paramref name="work"/> on a waiting thread, or on a new one.</summary>
        public static void Run(Action work)
        {
            while (Idle.TryPop(out Worker? worker))
            {
                if (worker.TryGive(work))
                {
                    return;
                }
            }
            new Worker(work).Start();
        }

        private sealed class Worker
        {
            private const int Busy = 0, Waiting = 1, Exited = 2;
            private readonly SemaphoreSlim _wake = new SemaphoreSlim(0);
            private Action? _work;
            private int _state = Busy;

            public Worker(Action work)
            {
                _work = work;
            }

            public void Start() => new Thread(Loop) { IsBackground = true, Name = "PSZookeeper connection" }.Start();

            /// <summary>False when the thread has given up waiting and exits.</summary>
            public bool TryGive(Action work)
            {
                if (Interlocked.CompareExchange(ref _state, Busy, Waiting) != Waiting)
                {
                    return false;
                }
                _work = work;
                _wake.Release();
                return true;
            }

            private void Loop()
            {
                while (true)
                {
                    Action work = _work!;
                    _work = null;
                    try
                    {
                        work();
                    }
                    catch (Exception ex)
                    {
                        // A connection reports its own failures; this is a bug, and must not end the process.
                        Trace.TraceError("PSZookeeper: a connection thread failed: {0}", ex);
                    }
                    Volatile.Write(ref _state, Waiting);
                    Idle.Push(this);
                    if (!_wake.Wait(IdleLifetime))
                    {
                        if (Interlocked.CompareExchange(ref _state, Exited, Waiting) == Waiting)
                        {
                            return;
                        }
                        // Taken just as the wait ran out: the work is on its way.
                        _wake.Wait();
                    }
                }
            }
        }
    }
}
