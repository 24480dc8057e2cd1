using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// Runs watch callbacks, state-change handlers and (when events are waiting) request
    /// completions in arrival order, one at a time, on one logical event thread. The socket
    /// reader only enqueues, so slow user code delays other callbacks but never the connection.
    /// The event thread is a thread-pool thread borrowed while callbacks are waiting (at most one
    /// drain runs at a time), not a dedicated thread: starting a thread per client cost ~0.5 ms
    /// of every connect, and an idle client now holds no thread at all.
    /// </summary>
    internal sealed class EventDispatcher : IDisposable
    {
        private static readonly WaitCallback DrainCallback = state => ((EventDispatcher)state!).Drain();
        private readonly ConcurrentQueue<Action> _queue = new ConcurrentQueue<Action>();
        private readonly Action<Exception> _onCallbackError;
        private int _undelivered;
        // 1 while a drain is queued or running: at most one drain at a time keeps callbacks in order.
        private int _scheduled;
        private volatile Thread? _runner;
        private volatile bool _disposed;
        private ManualResetEventSlim? _drainedSignal;

        public EventDispatcher(string name, Action<Exception> onCallbackError)
        {
            Name = name;
            _onCallbackError = onCallbackError;
        }

        /// <summary>For diagnostics.</summary>
        public string Name { get; }

        /// <summary>
        /// True when nothing is queued or running. The reader then completes a reply inline:
        /// no earlier event can still be undelivered, so ordering holds without a thread hop.
        /// </summary>
        public bool IsIdle => Volatile.Read(ref _undelivered) == 0;

        /// <summary>True on the dispatcher thread itself.</summary>
        public bool IsCurrentThread => _runner == Thread.CurrentThread;

        /// <summary>True while the calling thread runs callbacks for any client's dispatcher.</summary>
        public static bool IsAnyDispatcherThread => t_draining;

        [ThreadStatic]
        private static bool t_draining;

        /// <summary>Queues an action; false once disposed (the caller then runs what must still happen itself).</summary>
        public bool Enqueue(Action action)
        {
            if (_disposed)
            {
                return false;
            }
            Interlocked.Increment(ref _undelivered);
            _queue.Enqueue(action);
            if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(DrainCallback, this);
            }
            return true;
        }

        public void Dispose()
        {
            _disposed = true;
            if (IsCurrentThread)
            {
                return;
            }
            // Lets queued close/expiry notifications run; bounded so a stuck handler cannot hang Dispose.
            var signal = new ManualResetEventSlim(false);
            Interlocked.Exchange(ref _drainedSignal, signal);
            long deadline = Environment.TickCount + 5000;
            while (Volatile.Read(ref _scheduled) != 0 || !_queue.IsEmpty)
            {
                int remaining = (int)(deadline - Environment.TickCount);
                if (remaining <= 0 || !signal.Wait(remaining))
                {
                    return;
                }
                signal.Reset();
            }
        }

        private void Drain()
        {
            t_draining = true;
            try
            {
                DrainQueue();
            }
            finally
            {
                t_draining = false;
            }
        }

        private void DrainQueue()
        {
            _runner = Thread.CurrentThread;
            while (true)
            {
                while (_queue.TryDequeue(out Action? action))
                {
                    try
                    {
                        action();
                    }
                    catch (Exception ex)
                    {
                        Trace.TraceError("PSZookeeper: a watch or state callback threw: {0}", ex);
                        try
                        {
                            _onCallbackError(ex);
                        }
                        catch (Exception inner)
                        {
                            Trace.TraceError("PSZookeeper: the CallbackError handler threw: {0}", inner);
                        }
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _undelivered);
                    }
                }
                _runner = null;
                Interlocked.Exchange(ref _scheduled, 0);
                // An Enqueue between the last TryDequeue and the line above saw a drain scheduled and
                // did not start one: take its item here unless a new drain already has.
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
                {
                    Volatile.Read(ref _drainedSignal)?.Set();
                    return;
                }
                _runner = Thread.CurrentThread;
            }
        }
    }
}
