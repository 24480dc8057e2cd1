using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using PSZookeeper.Client.Jute;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Bench.Ceiling
{
    /// <summary>Wall time of one run and each request's latency, in Stopwatch ticks.</summary>
    internal sealed record RunResult(long WallTicks, long[] LatencyTicks);

    /// <summary>
    /// One session over a blocking socket: the calling thread writes every request the window lets
    /// out in one write, a reader thread counts replies (in order, as the server answers them) and
    /// frees their slots.
    /// </summary>
    internal sealed class RawConnection : IDisposable
    {
        private readonly Socket _socket;
        private readonly int _window;
        private readonly object _gate = new();
        private int _xid;
        // The run in progress: replies counted so far, when each request was written, and its latency.
        private long _completed;
        private long _expected;
        private long[] _sentAt = Array.Empty<long>();
        private long[] _latency = Array.Empty<long>();
        private int _errors;
        private bool _senderWaits;
        private Exception? _failure;

        public RawConnection(string hostPort, int window)
        {
            _window = window;
            int colon = hostPort.LastIndexOf(':');
            _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            _socket.Connect(IPAddress.Parse(hostPort[..colon]), int.Parse(hostPort[(colon + 1)..]));
            Handshake();
            new Thread(ReadReplies) { IsBackground = true, Name = "raw reader" }.Start();
        }

        /// <summary>Writes every request (at most window outstanding) and waits for every reply; throws if any failed.</summary>
        public RunResult Run(IReadOnlyList<Request> requests)
        {
            // Encoded before the clock starts, each frame where the window's writes find it.
            var offsets = new int[requests.Count + 1];
            using var all = new JuteWriter(64 * 1024);
            for (int i = 0; i < requests.Count; i++)
            {
                offsets[i] = all.Length;
                Frames.AppendRequest(all, ++_xid, requests[i].Op, requests[i].Record);
            }
            offsets[requests.Count] = all.Length;
            byte[] bytes = all.WrittenSegment.Array!;
            lock (_gate)
            {
                _completed = 0;
                _expected = requests.Count;
                _sentAt = new long[requests.Count];
                _latency = new long[requests.Count];
                _errors = 0;
            }
            long start = Stopwatch.GetTimestamp();
            int sent = 0;
            while (sent < requests.Count)
            {
                int free;
                lock (_gate)
                {
                    while ((free = _window - (int)(sent - _completed)) <= 0 && _failure == null)
                    {
                        _senderWaits = true;
                        Monitor.Wait(_gate);
                    }
                    ThrowIfFailed();
                }
                int count = Math.Min(free, requests.Count - sent);
                long now = Stopwatch.GetTimestamp();
                for (int i = sent; i < sent + count; i++)
                {
                    _sentAt[i] = now;
                }
                Send(bytes, offsets[sent], offsets[sent + count] - offsets[sent]);
                sent += count;
            }
            lock (_gate)
            {
                while (_completed < _expected && _failure == null)
                {
                    _senderWaits = true;
                    Monitor.Wait(_gate);
                }
                ThrowIfFailed();
                if (_errors > 0)
                {
                    throw new InvalidOperationException($"{_errors} of {requests.Count} requests failed");
                }
            }
            return new RunResult(Stopwatch.GetTimestamp() - start, _latency);
        }

        public void Dispose() => _socket.Dispose();

        private void ThrowIfFailed()
        {
            if (_failure != null)
            {
                throw new IOException("the connection failed", _failure);
            }
        }

        private void Send(byte[] bytes, int offset, int count)
        {
            while (count > 0)
            {
                int n = _socket.Send(bytes, offset, count, SocketFlags.None);
                offset += n;
                count -= n;
            }
        }

        private void Handshake()
        {
            using (var request = new JuteWriter(64))
            {
                Frames.AppendConnect(request, new ConnectRequest(0, 0, 30000, 0, new byte[ConnectRequest.PasswordLength], false));
                Send(request.WrittenSegment.Array!, 0, request.Length);
            }
            byte[] length = ReadExactly(4);
            ReadExactly(BinaryPrimitives.ReadInt32BigEndian(length));
        }

        private byte[] ReadExactly(int count)
        {
            var buffer = new byte[count];
            for (int read = 0; read < count;)
            {
                int n = _socket.Receive(buffer, read, count - read, SocketFlags.None);
                if (n == 0)
                {
                    throw new EndOfStreamException("the server closed the connection");
                }
                read += n;
            }
            return buffer;
        }

        /// <summary>Reads replies in large chunks; per chunk, records each reply's latency and frees its slot under one lock.</summary>
        private void ReadReplies()
        {
            var buffer = new byte[1 << 20];
            int start = 0, end = 0;
            try
            {
                while (true)
                {
                    int n = _socket.Receive(buffer, end, buffer.Length - end, SocketFlags.None);
                    if (n == 0)
                    {
                        throw new EndOfStreamException("the server closed the connection");
                    }
                    end += n;
                    int replies = 0, errors = 0;
                    long now = Stopwatch.GetTimestamp();
                    long first = Volatile.Read(ref _completed);
                    while (end - start >= 4)
                    {
                        int length = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(start));
                        if (end - start < 4 + length)
                        {
                            break;
                        }
                        int err = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(start + 4 + 4 + 8));
                        if (err != 0)
                        {
                            errors++;
                        }
                        _latency[first + replies] = now - _sentAt[first + replies];
                        replies++;
                        start += 4 + length;
                    }
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                    if (replies > 0)
                    {
                        lock (_gate)
                        {
                            _completed += replies;
                            _errors += errors;
                            if (_senderWaits)
                            {
                                _senderWaits = false;
                                Monitor.Pulse(_gate);
                            }
                        }
                    }
                }
            }
            catch (Exception ex)
            {
                lock (_gate)
                {
                    _failure = ex;
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
