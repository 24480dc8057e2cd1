using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Jute;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// One connected period of a session over one transport: a writer loop that batches queued
    /// requests into few socket writes, a reader loop that matches replies to requests strictly
    /// in xid order, and a heartbeat that pings when idle and gives up on a silent server.
    /// Every failure goes through <see cref="Break"/>, which runs once and fails every request
    /// in flight with ConnectionLoss.
    /// </summary>
    internal sealed class ActiveConnection
    {
        private const int BatchBytes = 64 * 1024;
        private readonly ISessionHost _session;
        private readonly Transport _transport;
        private readonly TimeSpan _pingInterval;
        private readonly TimeSpan _readTimeout;
        private readonly object _gate = new object();
        private readonly Queue<PendingRequest> _inFlight = new Queue<PendingRequest>();
        private readonly Queue<PendingRequest> _authsInFlight = new Queue<PendingRequest>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly TaskCompletionSource<Exception> _closed =
            new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastSendTicks;
        private long _lastReceiveTicks;
        private bool _broken;

        public ActiveConnection(ISessionHost session, Transport transport, TimeSpan negotiatedTimeout)
        {
            _session = session;
            _transport = transport;
            // As the reference client: ping after a third of the timeout idle, and treat two thirds
            // without any frame as a dead server, leaving a third to reconnect before expiry.
            _pingInterval = TimeSpan.FromTicks(negotiatedTimeout.Ticks / 3);
            _readTimeout = TimeSpan.FromTicks(negotiatedTimeout.Ticks * 2 / 3);
        }

        public HostPort Server => _transport.Server;

        /// <summary>Completes with the reason once the connection is broken.</summary>
        public Task<Exception> Closed => _closed.Task;

        /// <summary>Starts the loops; <paramref name="first"/> (auth, SetWatches) is written before any queued request.</summary>
        public void Start(IReadOnlyList<PendingRequest> first)
        {
            // Started inline, not with Task.Run: each loop runs only until its first await (a pending
            // read, an empty queue, a timer), so this is cheap, and it saves three thread-pool work
            // items (and thread wake-ups) on the path from handshake to "connected".
            _ = ReadLoopAsync();
            _ = HeartbeatLoopAsync();
            _ = WriteLoopAsync(first);
        }

        /// <summary>Tears the connection down once; every request in flight fails with <paramref name="failWith"/> or ConnectionLoss.</summary>
        public void Break(Exception reason, Exception? failWith = null)
        {
            List<PendingRequest> orphans;
            lock (_gate)
            {
                if (_broken)
                {
                    return;
                }
                _broken = true;
                orphans = new List<PendingRequest>(_inFlight);
                orphans.AddRange(_authsInFlight);
                _inFlight.Clear();
                _authsInFlight.Clear();
            }
            _stop.Cancel();
            _transport.Dispose();
            foreach (PendingRequest request in orphans)
            {
                request.SetFailure(failWith ?? ConnectionLoss(request, reason));
                _session.Deliver(request);
            }
            _closed.TrySetResult(reason);
        }

        private static Exception ConnectionLoss(PendingRequest request, Exception reason) =>
            ZooKeeperException.Create(ErrorCode.ConnectionLoss, request.Path, reason.Message, reason);

        private async Task WriteLoopAsync(IReadOnlyList<PendingRequest> first)
        {
            using (var writer = new JuteWriter(BatchBytes + 1024))
            {
                try
                {
                    foreach (PendingRequest request in first)
                    {
                        Encode(writer, request);
                    }
                    if (writer.Length > 0)
                    {
                        await SendAsync(writer).ConfigureAwait(false);
                    }
                    ChannelReader<PendingRequest> queue = _session.Outgoing;
                    while (await queue.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
                    {
                        while (writer.Length < BatchBytes && queue.TryRead(out PendingRequest? request))
                        {
                            Encode(writer, request);
                        }
                        await SendAsync(writer).ConfigureAwait(false);
                    }
                }
                catch (Exception ex)
                {
                    Break(ex);
                }
            }
        }

        private async Task SendAsync(JuteWriter writer)
        {
            await _transport.WriteAsync(writer.WrittenSegment, _stop.Token).ConfigureAwait(false);
            Volatile.Write(ref _lastSendTicks, _clock.ElapsedTicks);
            writer.Reset();
        }

        /// <summary>Gives the request its xid and records it as in flight before its bytes can reach the server.</summary>
        private void Encode(JuteWriter writer, PendingRequest request)
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
            int lengthAt = writer.ReserveInt();
            new RequestHeader(request.Xid, request.Op).Write(writer);
            request.Record?.Write(writer);
            writer.PatchInt(lengthAt, writer.Length - lengthAt - 4);
        }

        private async Task ReadLoopAsync()
        {
            try
            {
                while (true)
                {
                    ReadOnlyMemory<byte> frame = await _transport.ReadFrameAsync(_stop.Token).ConfigureAwait(false);
                    Volatile.Write(ref _lastReceiveTicks, _clock.ElapsedTicks);
                    OnFrame(frame.Span);
                }
            }
            catch (Exception ex)
            {
                Break(ex);
            }
        }

        private void OnFrame(ReadOnlySpan<byte> frame)
        {
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
            PendingRequest? request;
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
            PendingRequest? auth;
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
