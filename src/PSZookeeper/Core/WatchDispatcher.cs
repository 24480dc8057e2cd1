using System;
using System.Collections.Concurrent;
using System.Threading;

namespace PSZookeeper.Core
{
    /// <summary>
    /// One thread per session that runs the session's watch work in the order it was posted:
    /// reading a changed node's data or children and handing the event to PowerShell. However
    /// many watches a session has, they share this thread.
    /// </summary>
    /// <remarks>
    /// A thread of its own rather than the thread pool: the work blocks on replies from the
    /// client, and PowerShell's event processing can saturate the pool. Never the client's event
    /// thread either: that would stall every other watch and state change of the client while a
    /// reply is awaited. The thread starts with the first post and ends when the session closes.
    /// </remarks>
    internal sealed class WatchDispatcher : IDisposable
    {
        private readonly BlockingCollection<Action> _work = new BlockingCollection<Action>();
        private readonly string _name;
        private readonly object _gate = new object();
        private Thread? _thread;

        public WatchDispatcher(string sessionName)
        {
            _name = "PSZookeeper watches " + sessionName;
        }

        /// <summary>Queues work behind everything posted before; ignored once disposed.</summary>
        public void Post(Action work)
        {
            lock (_gate)
            {
                if (_work.IsAddingCompleted)
                {
                    return;
                }
                _work.Add(work);
                if (_thread == null)
                {
                    _thread = new Thread(Run) { IsBackground = true, Name = _name };
                    _thread.Start();
                }
            }
        }

        /// <summary>Lets the queued work finish in the background and accepts no more.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                _work.CompleteAdding();
            }
        }

        private void Run()
        {
            foreach (Action work in _work.GetConsumingEnumerable())
            {
                try
                {
                    work();
                }
                catch (Exception)
                {
                    // One watch's failure must not stop the others' delivery.
                }
            }
            _work.Dispose();
        }
    }
}
