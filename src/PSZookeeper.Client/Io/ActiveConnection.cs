using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Jute;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// One connected period of a session over one transport: one sender at a time (a caller's
    /// thread for a lone request, else a pool thread that batches queued requests into few socket
    /// writes), replies matched to requests strictly in xid order on the transport's thread, and
    /// a heartbeat that pings when idle and gives up on a silent server.
    /// Every failure goes through <see cref="Break"/>, which runs once and fails every request
    /// in flight with ConnectionLoss.
    /// </summary>
    internal sealed class ActiveConnection : IFrameSink
    {
        private const int BatchBytes = 64 * 1024;
        /// <summary>The most a caller's thread encodes when it sends; a pool thread takes what is left.</summary>
        private const int InlineBytes = 16 * 1024;
        private readonly ISessionHost _session;
        private readonly Transport _transport;
        private readonly TimeSpan _pingInterval;
        private readonly TimeSpan _readTimeout;
        private readonly object _gate = new object();
        private readonly Queue<IPendingRequest> _inFlight = new Queue<IPendingRequest>();
        private readonly Queue<IPendingRequest> _authsInFlight = new Queue<IPendingRequest>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly TaskCompletionSource<Exception> _closed =
            new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly JuteWriter _batch = new JuteWriter(BatchBytes + 1024);
        private readonly WaitCallback _sendQueuedOnPool;
        private long _lastSendTicks;
        private long _lastReceiveTicks;
        private volatile bool _broken;
        // 1 while one thread owns _batch and drains the session's queue (the sender); 0 when nobody
        // sends. Held from construction until Start has written the handshake follow-ups.
        private int _sending = 1;
        // How much of _batch the sender has written already (a partial write that did not block).
        private int _batchWritten;

        public ActiveConnection(ISessionHost session, Transport transport, TimeSpan negotiatedTimeout)
        {
            _session = session;
            _transport = transport;
            // As the reference client: ping after a third of the timeout idle, and treat two thirds
            // without any frame as a dead server, leaving a third to reconnect before expiry.
            _pingInterval = TimeSpan.FromTicks(negotiatedTimeout.Ticks / 3);
            _readTimeout = TimeSpan.FromTicks(negotiatedTimeout.Ticks * 2 / 3);
            _sendQueuedOnPool = _ => SendQueued();
        }

        public HostPort Server => _transport.Server;

        /// <summary>Completes with the reason once the connection is broken.</summary>
        public Task<Exception> Closed => _closed.Task;

        /// <summary>Starts the loops; <paramref name="first"/> (auth, SetWatches) is written before any queued request.</summary>
        public void Start(IReadOnlyList<IPendingRequest> first)
        {
            _transport.Attach(this);
            // Started inline, not with Task.Run: it runs only until its first await (a timer), so
            // this is cheap and saves a thread-pool work item on the way to "connected".
            _ = HeartbeatLoopAsync();
            foreach (IPendingRequest request in first)
            {
                Encode(request);
            }
            // Never blocks: this may run on the transport's thread, which must go back to reading.
            SendQueuedInline();
        }

        /// <summary>
        /// A request was queued. When nobody is sending, the caller becomes the sender and writes
        /// what the socket buffer takes at once (never blocking): a caller waiting on each reply
        /// saves the thread hop to a writer, and a pipelining caller the wake-up of a pool thread
        /// per request. What is left (a full socket buffer, TLS, or requests queued meanwhile by
        /// other threads) goes to a pool thread that drains the queue in batches of up to 64 KiB.
        /// </summary>
        public void OnQueued()
        {
            if (Interlocked.CompareExchange(ref _sending, 1, 0) == 0)
            {
                SendQueuedInline();
            }
            // Otherwise the current sender takes the request before it lets go.
        }

        /// <summary>Tears the connection down once; every request in flight fails with <paramref name="failWith"/> or ConnectionLoss.</summary>
        public void Break(Exception reason, Exception? failWith = null)
        {
            List<IPendingRequest> orphans;
            lock (_gate)
            {
                if (_broken)
                {
                    return;
                }
                _broken = true;
                orphans = new List<IPendingRequest>(_inFlight);
                orphans.AddRange(_authsInFlight);
                _inFlight.Clear();
                _authsInFlight.Clear();
            }
            _stop.Cancel();
            _transport.Dispose();
            foreach (IPendingRequest request in orphans)
            {
                request.SetFailure(failWith ?? ConnectionLoss(request, reason));
                _session.Deliver(request);
            }
            ReturnBatchBufferIfIdle();
            _closed.TrySetResult(reason);
        }

        private static Exception ConnectionLoss(IPendingRequest request, Exception reason) =>
            ZooKeeperException.Create(ErrorCode.ConnectionLoss, request.Path, reason.Message, reason);

        /// <summary>
        /// The sender's loop on a pool thread: writes what is left of the batch, then drains the
        /// queue until it is empty. Waits while the socket's send buffer is full.
        /// </summary>
        private void SendQueued()
        {
            try
            {
                do
                {
                    EncodeQueued(BatchBytes);
                    if (_batch.Length > _batchWritten)
                    {
                        ArraySegment<byte> encoded = _batch.WrittenSegment;
                        _transport.Write(new ArraySegment<byte>(encoded.Array!, encoded.Offset + _batchWritten, encoded.Count - _batchWritten));
                        Sent();
                    }
                }
                while (KeepSending());
            }
            catch (Exception ex)
            {
                Break(ex);
                ReleaseSender();
            }
        }

        /// <summary>The sender on the caller's thread: one write that cannot block; a pool thread does the rest.</summary>
        private void SendQueuedInline()
        {
            try
            {
                EncodeQueued(InlineBytes);
                if (_batch.Length > 0)
                {
                    _batchWritten = _transport.WriteNow(_batch.WrittenSegment);
                    if (_batchWritten < _batch.Length)
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(_sendQueuedOnPool, null);
                        return;
                    }
                    Sent();
                }
                if (KeepSending())
                {
                    ThreadPool.UnsafeQueueUserWorkItem(_sendQueuedOnPool, null);
                }
            }
            catch (Exception ex)
            {
                Break(ex);
                ReleaseSender();
            }
        }

        private void EncodeQueued(int limit)
        {
            ConcurrentQueue<IPendingRequest> queue = _session.Outgoing;
            while (_batch.Length < limit && !_broken && queue.TryDequeue(out IPendingRequest? request))
            {
                Encode(request);
            }
        }

        private void Sent()
        {
            Volatile.Write(ref _lastSendTicks, _clock.ElapsedTicks);
            _batch.Reset();
            _batchWritten = 0;
        }

        /// <summary>Lets go of the sender role; true when the caller must go on (it took the role back for work queued meanwhile).</summary>
        private bool KeepSending()
        {
            ReleaseSender();
            return !_broken && !_session.Outgoing.IsEmpty && Interlocked.CompareExchange(ref _sending, 1, 0) == 0;
        }

        private void ReleaseSender()
        {
            Volatile.Write(ref _sending, 0);
            if (_broken)
            {
                ReturnBatchBufferIfIdle();
            }
        }

        /// <summary>After a break nobody sends again: whoever finds the sender role free returns the buffer to the pool.</summary>
        private void ReturnBatchBufferIfIdle()
        {
            if (Interlocked.CompareExchange(ref _sending, 1, 0) == 0)
            {
                _batch.Dispose();
            }
        }

        /// <summary>Gives the request its xid and records it as in flight before its bytes can reach the server.</summary>
        private void Encode(IPendingRequest request)
        {
            lock (_gate)
            {
                if (_broken)
                {
                    request.SetFailure(ZooKeeperException.Create(ErrorCode.ConnectionLoss, request.Path, "The connection was lost before the request was sent."));
                    _session.Deliver(request);
                    return;
                }
                if (request.Xid == 0)
                {
                    _session.Watches.OnSending(request);
                    request.Xid = _session.NextXid();
                    _inFlight.Enqueue(request);
                }
                else if (request.Xid == SpecialXid.Auth)
                {
                    _authsInFlight.Enqueue(request);
                }
            }
            Frames.AppendRequest(_batch, request.Xid, request.Op, request.Record);
        }

        /// <summary>The connection ended under the transport (server closed it, a read failed, a frame was malformed).</summary>
        public void OnClosed(Exception reason) => Break(reason);

        /// <summary>One reply, notification or ping answer, on the transport's thread. Throwing breaks the connection.</summary>
        public void OnFrame(ReadOnlySpan<byte> frame)
        {
            Volatile.Write(ref _lastReceiveTicks, _clock.ElapsedTicks);
            var reader = new JuteReader(frame);
            ReplyHeader header = ReplyHeader.Read(ref reader);
            switch (header.Xid)
            {
                case SpecialXid.Notification:
                    _session.OnWatcherEvent(WatcherEvent.Read(ref reader));
                    return;
                case SpecialXid.Ping:
                case SpecialXid.SetWatches:
                    return;
                case SpecialXid.Auth:
                    OnAuthReply(ref reader, header);
                    return;
            }
            IPendingRequest? request;
            lock (_gate)
            {
                request = _inFlight.Count > 0 ? _inFlight.Dequeue() : null;
            }
            if (request == null || request.Xid != header.Xid)
            {
                var mismatch = new ProtocolException(request == null
                    ? $"Malformed frame: reply xid {header.Xid} with no request in flight."
                    : $"Malformed frame: reply xid {header.Xid} out of order; expected {request.Xid}.");
                if (request != null)
                {
                    // Already dequeued, so Break will not see it: fail it here or its caller waits forever.
                    request.SetFailure(ConnectionLoss(request, mismatch));
                    _session.Deliver(request);
                }
                throw mismatch;
            }
            if (header.Zxid > 0)
            {
                _session.ObserveZxid(header.Zxid);
            }
            request.ReplyZxid = header.Zxid;
            ErrorCode code;
            try
            {
                code = request.Receive(ref reader, header);
            }
            catch (ProtocolException ex)
            {
                request.SetFailure(ConnectionLoss(request, ex));
                _session.Deliver(request);
                throw;
            }
            if (request.Watch != null)
            {
                _session.Watches.Register(request.Watch, code);
            }
            _session.Deliver(request);
        }

        private void OnAuthReply(ref JuteReader reader, in ReplyHeader header)
        {
            IPendingRequest? auth;
            lock (_gate)
            {
                auth = _authsInFlight.Count > 0 ? _authsInFlight.Dequeue() : null;
            }
            ErrorCode code = auth?.Receive(ref reader, header) ?? (ErrorCode)header.Err;
            if (auth != null)
            {
                _session.Deliver(auth);
            }
            if (code != ErrorCode.Ok)
            {
                _session.OnAuthFailed(code);
            }
        }

        private async Task HeartbeatLoopAsync()
        {
            TimeSpan tick = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks, _pingInterval.Ticks / 4));
            long start = _clock.ElapsedTicks;
            Volatile.Write(ref _lastReceiveTicks, start);
            Volatile.Write(ref _lastSendTicks, start);
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await Task.Delay(tick, _stop.Token).ConfigureAwait(false);
                    TimeSpan silent = Elapsed(ref _lastReceiveTicks);
                    if (silent > _readTimeout)
                    {
                        Break(new TimeoutException($"No reply from {Server} for {silent.TotalMilliseconds:0} ms."));
                        return;
                    }
                    if (Elapsed(ref _lastSendTicks) >= _pingInterval)
                    {
                        _session.QueuePing();
                        // Counts as sent so one idle spell queues one ping, not one per tick.
                        Volatile.Write(ref _lastSendTicks, _clock.ElapsedTicks);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Broken elsewhere.
            }
        }

        private TimeSpan Elapsed(ref long sinceTicks)
        {
            long ticks = _clock.ElapsedTicks - Volatile.Read(ref sinceTicks);
            return TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency);
        }
    }
}
