using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.TestServers;

/// <summary>
/// Sends ZooKeeper four-letter words (<c>ruok</c>, <c>srvr</c>, <c>stat</c>, ...) over a raw
/// TCP connection to the client port; the server writes its answer and closes the socket.
/// </summary>
internal static class FourLetterWordClient
{
    /// <summary>Sends <paramref name="command"/> and returns the full reply.</summary>
    /// <exception cref="TimeoutException">No complete reply within <paramref name="timeout"/> (e.g. the server is SIGSTOPped).</exception>
    /// <exception cref="SocketException">Nothing listens on the port.</exception>
    internal static async Task<string> SendAsync(int port, string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeoutSource.Token).ConfigureAwait(false);
            await socket.SendAsync(Encoding.ASCII.GetBytes(command), SocketFlags.None, timeoutSource.Token).ConfigureAwait(false);

            // A paused server still gets the connection accepted by the kernel's backlog, so only
            // the read deadline distinguishes "paused" from "answering".
            using var reply = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeoutSource.Token).ConfigureAwait(false)) > 0)
            {
                reply.Write(buffer, 0, read);
            }

            return Encoding.UTF8.GetString(reply.GetBuffer(), 0, (int)reply.Length);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"ZooKeeper on 127.0.0.1:{port} did not answer `{command}` within {timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Like <see cref="SendAsync"/> but returns null instead of throwing when the server does not answer.</summary>
    internal static async Task<string?> TrySendAsync(int port, string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(port, command, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or TimeoutException or IOException)
        {
            return null;
        }
    }
}
