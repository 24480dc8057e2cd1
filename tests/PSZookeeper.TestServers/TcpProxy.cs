using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.TestServers;

/// <summary>
/// A loopback TCP forwarder between a client and one server, for cutting a client off without
/// touching the server: <see cref="Block"/> drops every connection and refuses new ones until
/// <see cref="Unblock"/>. This is how tests make a session really expire on the server (the
/// client cannot reconnect, so it cannot take the session back) while the server stays up.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly List<TcpClient> _open = new();
    private volatile bool _blocked;
    private int _refused;
    private volatile int[]? _cutAfter;
    private volatile string _cutPath = "/";
    private TaskCompletionSource<int> _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts forwarding to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    /// <summary>The port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>"127.0.0.1:port" of the proxy.</summary>
    public string ConnectString => $"127.0.0.1:{Port}";

    /// <summary>Drops every forwarded connection and refuses new ones.</summary>
    public void Block()
    {
        _blocked = true;
        CloseAll();
    }

    /// <summary>How many connections the proxy has refused while blocked: each is a client's failed reconnect attempt.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Accepts and forwards connections again.</summary>
    public void Unblock() => _blocked = false;

    /// <summary>
    /// Arms a one-shot cut for a lost reply: the next client request whose op code is one of
    /// <paramref name="opCodes"/> and whose path (the first field after the header, as in every
    /// create, delete, getData or setData) starts with <paramref name="pathPrefix"/> is forwarded
    /// to the server; when the server's reply to it
    /// arrives (proof that the server applied it), the reply is dropped with the connection and
    /// the proxy blocks (<see cref="Block"/>) so the client cannot reconnect until
    /// <see cref="Unblock"/>. The task completes with the reply's error code (0: applied).
    /// Arm it before the client connects: only connections made while a cut is armed are
    /// read frame by frame.
    /// </summary>
    public Task<int> CutAfterReplyTo(string pathPrefix, params int[] opCodes)
    {
        _cut = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _cutPath = pathPrefix;
        _cutAfter = opCodes;
        return _cut.Task;
    }

    /// <summary>Stops listening and drops every connection.</summary>
    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        CloseAll();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            if (_blocked)
            {
                Interlocked.Increment(ref _refused);
                inbound.Dispose();
                continue;
            }
            _ = ForwardAsync(inbound);
        }
    }

    private async Task ForwardAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        Track(inbound);
        Track(outbound);
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            NetworkStream a = inbound.GetStream();
            NetworkStream b = outbound.GetStream();
            if (_cutAfter == null)
            {
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
            }
            else
            {
                // Frame by frame only where a cut is armed: it costs a few syscalls per frame.
                var cutXid = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                await Task.WhenAny(ForwardRequestsAsync(a, b, cutXid), ForwardRepliesAsync(b, a, cutXid.Task));
            }
        }
        catch (Exception)
        {
            // Either side closed or the proxy was blocked: the pair is torn down below.
        }
        finally
        {
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    // Frames are a 4-byte big-endian length and a body. The first frame each way is the connect
    // request or response (no header); after it a request starts with xid and op code, and a
    // reply with xid, zxid and error code.
    private async Task<byte[]?> ReadFrameAsync(NetworkStream from, byte[] length)
    {
        await from.ReadExactlyAsync(length, _stop.Token);
        int size = BinaryPrimitives.ReadInt32BigEndian(length);
        if (size < 0 || size > 64 * 1024 * 1024)
        {
            return null;
        }
        var body = new byte[size];
        await from.ReadExactlyAsync(body, _stop.Token);
        return body;
    }

    private async Task ForwardRequestsAsync(NetworkStream from, NetworkStream to, TaskCompletionSource<int> cutXid)
    {
        var length = new byte[4];
        for (bool first = true; ; first = false)
        {
            byte[]? body = await ReadFrameAsync(from, length);
            if (body == null)
            {
                return;
            }
            await to.WriteAsync(length, _stop.Token);
            await to.WriteAsync(body, _stop.Token);
            int[]? cutAfter = _cutAfter;
            if (!first && cutAfter != null && IsCutTarget(body, cutAfter))
            {
                _cutAfter = null;
                cutXid.TrySetResult(BinaryPrimitives.ReadInt32BigEndian(body));
                // Forward nothing more; the connection ends when the reply comes back.
                await _cut.Task;
                return;
            }
        }
    }

    private bool IsCutTarget(byte[] request, int[] opCodes)
    {
        if (request.Length < 12 || Array.IndexOf(opCodes, BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(4, 4))) < 0)
        {
            return false;
        }
        int pathLength = BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(8, 4));
        if (pathLength < 0 || 12 + pathLength > request.Length)
        {
            return false;
        }
        return System.Text.Encoding.UTF8.GetString(request, 12, pathLength).StartsWith(_cutPath, StringComparison.Ordinal);
    }

    private async Task ForwardRepliesAsync(NetworkStream from, NetworkStream to, Task<int> cutXid)
    {
        var length = new byte[4];
        for (bool first = true; ; first = false)
        {
            byte[]? body = await ReadFrameAsync(from, length);
            if (body == null)
            {
                return;
            }
            if (!first && cutXid.IsCompleted && body.Length >= 16 && BinaryPrimitives.ReadInt32BigEndian(body) == cutXid.Result)
            {
                _blocked = true;
                _cut.TrySetResult(BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(12, 4)));
                return;
            }
            await to.WriteAsync(length, _stop.Token);
            await to.WriteAsync(body, _stop.Token);
        }
    }

    private void Track(TcpClient client)
    {
        lock (_gate)
        {
            _open.RemoveAll(c => c.Client == null || !c.Connected && c.Client.Handle == IntPtr.Zero);
            _open.Add(client);
        }
    }

    private void CloseAll()
    {
        lock (_gate)
        {
            foreach (TcpClient client in _open)
            {
                client.Dispose();
            }
            _open.Clear();
        }
    }
}
