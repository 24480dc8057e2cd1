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
    /// otherwise pay on its way to "connected". An idle process holds none once the idle lifetime
    /// (10 s for <see cref="Shared"/>) has passed.
    /// </summary>
    internal sealed class ConnectionThreads
    {
        /// <summary>The threads every connection of the process runs on.</summary>
        public static readonly ConnectionThreads Shared = new ConnectionThreads(TimeSpan.FromSeconds(10));

        private readonly TimeSpan _idleLifetime;
        // May hold threads that have exited since: taking one fails and the next is tried.
        private readonly ConcurrentStack<Worker> _idle = new ConcurrentStack<Worker>();

        public ConnectionThreads(TimeSpan idleLifetime)
        {
            _idleLifetime = idleLifetime;
        }

        /// <summary>Threads waiting for work, and any that gave up waiting since the last <see cref="Run"/>; for tests.</summary>
        internal int IdleCount => _idle.Count;

        /// <summary>Runs <paramref name="work"/> on a waiting thread, or on a new one.</summary>
        public void Run(Action work)
        {
            while (_idle.TryPop(out Worker? worker))
            {
                if (worker.TryGive(work))
                {
                    return;
                }
            }
            new Worker(this, work).Start();
        }

        private sealed class Worker
        {
            private const int Busy = 0, Waiting = 1, Exited = 2;
            private readonly ConnectionThreads _owner;
            private readonly SemaphoreSlim _wake = new SemaphoreSlim(0);
            private Action? _work;
            private int _state = Busy;

            public Worker(ConnectionThreads owner, Action work)
            {
                _owner = owner;
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
                    _owner._idle.Push(this);
                    if (!_wake.Wait(_owner._idleLifetime))
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
