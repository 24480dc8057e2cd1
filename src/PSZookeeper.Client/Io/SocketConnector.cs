using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// Opens a TCP connection on the calling thread without the runtime's asynchronous socket
    /// engine (see <see cref="SocketStream"/>): a non-blocking connect to each address of the host
    /// in turn, waited for with <see cref="Socket.Poll(int, SelectMode)"/>, all within one deadline.
    /// </summary>
    internal static class SocketConnector
    {
        private const int WaitSliceMicroseconds = 50_000;

        /// <summary>
        /// A connected socket in non-blocking mode, with Nagle off. <paramref name="isAborted"/> is
        /// asked between waits so a closed transport stops a connect that is still waiting.
        /// </summary>
        /// <exception cref="SocketException">No address of the host accepted the connection.</exception>
        /// <exception cref="TimeoutException">The deadline passed first.</exception>
        public static Socket Connect(HostPort server, TimeSpan timeout, Func<bool> isAborted)
        {
            var clock = Stopwatch.StartNew();
            IPAddress[] addresses = IPAddress.TryParse(server.Host, out IPAddress? literal)
                ? new[] { literal }
                : Dns.GetHostAddresses(server.Host);
            Exception? lastError = null;
            foreach (IPAddress address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
                try
                {
                    if (TryConnect(socket, server, new IPEndPoint(address, server.Port), timeout, clock, isAborted, out lastError))
                    {
                        if (!IsConnectedToItself(socket))
                        {
                            return socket;
                        }
                        lastError = new System.IO.IOException($"Nothing listens on {server}: the connection reached itself.");
                    }
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
                socket.Dispose();
            }
            throw lastError ?? new SocketException((int)SocketError.HostNotFound);
        }

        /// <summary>
        /// Linux lets a connect to a local port nobody listens on pick that same port as its own
        /// source now and then (a TCP simultaneous open with itself) when the port lies in the
        /// ephemeral range. The socket then echoes the client's handshake back, which reads as a
        /// session whose timeout is the high half of the last zxid: 0 for a new client, taken as
        /// an expired session. Nothing is listening, so the attempt fails like a refusal.
        /// </summary>
        private static bool IsConnectedToItself(Socket socket) => socket.LocalEndPoint!.Equals(socket.RemoteEndPoint);

        private static bool TryConnect(Socket socket, HostPort server, IPEndPoint endPoint, TimeSpan timeout, Stopwatch clock, Func<bool> isAborted, out Exception? error)
        {
            error = null;
            try
            {
                socket.Connect(endPoint);
                return true;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.WouldBlock || ex.SocketErrorCode == SocketError.InProgress)
            {
                // Under way: wait for it below.
            }
            catch (SocketException ex)
            {
                error = ex;
                return false;
            }
            while (true)
            {
                // A finished connect makes the socket writable (Linux: also when it failed) or, on
                // Windows, signals a failure as an error condition.
                if (socket.Poll(WaitSliceMicroseconds, SelectMode.SelectWrite) || socket.Poll(0, SelectMode.SelectError))
                {
                    var code = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
                    if (code == SocketError.Success)
                    {
                        return true;
                    }
                    error = new SocketException((int)code);
                    return false;
                }
                if (isAborted())
                {
                    throw new ObjectDisposedException(nameof(Transport), "The connection attempt was stopped.");
                }
                if (clock.Elapsed >= timeout)
                {
                    throw new TimeoutException($"Connecting to {server} timed out after {timeout.TotalMilliseconds:0} ms.");
                }
            }
        }
    }
}
