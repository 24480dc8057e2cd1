using System;
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

    /// <summary>Accepts and forwards connections again.</summary>
    public void Unblock() => _blocked = false;

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
            await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
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
