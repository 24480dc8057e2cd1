using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// Runs watch callbacks, state-change handlers and (when events are waiting) request
    /// completions in arrival order on one dedicated thread. The socket reader only enqueues,
    /// so slow user code delays other callbacks but never the connection.
    /// </summary>
    internal sealed class EventDispatcher : IDisposable
    {
        private readonly BlockingCollection<Action> _queue = new BlockingCollection<Action>();
        private readonly Thread _thread;
        private readonly Action<Exception> _onCallbackError;
        private int _undelivered;

        public EventDispatcher(string name, Action<Exception> onCallbackError)
        {
            _onCallbackError = onCallbackError;
            _thread = new Thread(Run) { IsBackground = true, Name = name };
            _thread.Start();
        }

        /// <summary>
        /// True when nothing is queued or running. The reader then completes a reply inline:
        /// no earlier event can still be undelivered, so ordering holds without a thread hop.
        /// </summary>
        public bool IsIdle => Volatile.Read(ref _undelivered) == 0;

        /// <summary>True on the dispatcher thread itself.</summary>
        public bool IsCurrentThread => Thread.CurrentThread == _thread;

        public void Enqueue(Action action)
        {
            Interlocked.Increment(ref _undelivered);
            try
            {
                _queue.Add(action);
            }
            catch (InvalidOperationException)
            {
                // Disposed: the client is gone and nobody is listening any more.
                Interlocked.Decrement(ref _undelivered);
            }
        }

        public void Dispose()
        {
            _queue.CompleteAdding();
            if (!IsCurrentThread)
            {
                // Lets queued close/expiry notifications run; bounded so a stuck handler cannot hang Dispose.
                _thread.Join(TimeSpan.FromSeconds(5));
            }
        }

        private void Run()
        {
            foreach (Action action in _queue.GetConsumingEnumerable())
            {
                try
                {
                    action();
                }
                catch (Exception ex)
                {
                    Trace.TraceError("PSZookeeper: a watch or state callback threw: {0}", ex);
                    _onCallbackError(ex);
                }
                finally
                {
                    Interlocked.Decrement(ref _undelivered);
                }
            }
        }
    }
}
