using System.Collections.Concurrent;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client.Io
{
    /// <summary>What a connection needs from the session that outlives it.</summary>
    internal interface ISessionHost
    {
        /// <summary>Requests waiting to be written; survives reconnects. The connection's sender drains it.</summary>
        ConcurrentQueue<IPendingRequest> Outgoing { get; }

        WatchManager Watches { get; }

        int NextXid();

        void ObserveZxid(long zxid);

        /// <summary>Publishes a request's outcome, behind any watch event still being delivered.</summary>
        void Deliver(IPendingRequest request);

        void OnWatcherEvent(WatcherEvent watcherEvent);

        void OnAuthFailed(ErrorCode code);

        void QueuePing();
    }
}
