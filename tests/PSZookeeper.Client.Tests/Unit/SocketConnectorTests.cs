using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using PSZookeeper.Client.Io;
using Xunit;

namespace PSZookeeper.Client.Tests.Unit
{
    /// <summary>Opening the TCP connection, before any ZooKeeper byte.</summary>
    public sealed class SocketConnectorTests
    {
        /// <summary>
        /// Linux picks even source ports for connect first, so a connect to an even port nobody
        /// listens on, in the ephemeral range, sooner or later gets that very port as its source
        /// and connects to itself. Such a socket would echo the handshake back as a bogus session.
        /// </summary>
        [Fact]
        public void AConnectionThatReachesItselfIsRefused()
        {
            int port = FreeEvenEphemeralPort();
            var server = new HostPort("127.0.0.1", port);
            int selfConnections = 0;
            var clock = Stopwatch.StartNew();
            for (int attempt = 0; attempt < 200_000 && selfConnections == 0 && clock.Elapsed < TimeSpan.FromSeconds(60); attempt++)
            {
                try
                {
                    using Socket socket = SocketConnector.Connect(server, TimeSpan.FromSeconds(5), () => false);
                    Assert.Fail($"Connected to {server}, where nobody listens: local {socket.LocalEndPoint}, remote {socket.RemoteEndPoint}.");
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    // The usual answer from a port nobody listens on.
                }
                catch (IOException ex) when (ex.Message.Contains("reached itself"))
                {
                    selfConnections++;
                }
            }
            Assert.True(selfConnections > 0,
                $"The kernel never connected a socket to itself on port {port} within {clock.Elapsed.TotalSeconds:0} s, so this test proved nothing.");
        }

        private static int FreeEvenEphemeralPort()
        {
            string[] range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            int low = int.Parse(range[0]), high = int.Parse(range[1]);
            var random = new Random();
            for (int tries = 0; tries < 1000; tries++)
            {
                int port = (low + random.Next(high - low)) & ~1;
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
                    return port;
                }
                catch (SocketException)
                {
                    // In use: try another.
                }
            }
            throw new InvalidOperationException("No free even port in the ephemeral range.");
        }
    }
}
