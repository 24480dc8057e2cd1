using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace PSZookeeper.TestServers;

/// <summary>
/// Picks free TCP ports on 127.0.0.1 by letting the kernel assign them (bind to port 0).
/// The port is released before ZooKeeper binds it, so another process can still grab it in
/// between; callers detect that ("Address already in use" in the log) and pick again.
/// </summary>
internal static class LoopbackPorts
{
    // Ports handed out recently in this process; remembered so two servers started in parallel
    // never receive the same port just because the kernel recycled it after we closed the probe.
    private const int RememberedPorts = 1024;
    private static readonly object s_gate = new();
    private static readonly Queue<int> s_recentOrder = new();
    private static readonly HashSet<int> s_recent = new();

    /// <summary>Returns <paramref name="count"/> distinct ports that were free a moment ago.</summary>
    internal static int[] Reserve(int count)
    {
        lock (s_gate)
        {
            var probes = new List<Socket>();
            var ports = new List<int>(count);
            try
            {
                while (ports.Count < count)
                {
                    // Keep every probe open until all ports are chosen, so the kernel cannot
                    // hand the same port out twice within one call.
                    var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    probes.Add(probe);
                    probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                    int port = ((IPEndPoint)probe.LocalEndPoint!).Port;
                    if (!s_recent.Contains(port))
                    {
                        ports.Add(port);
                    }
                }
            }
            finally
            {
                foreach (Socket probe in probes)
                {
                    probe.Dispose();
                }
            }

            foreach (int port in ports)
            {
                Remember(port);
            }

            return ports.ToArray();
        }
    }

    private static void Remember(int port)
    {
        s_recent.Add(port);
        s_recentOrder.Enqueue(port);
        if (s_recentOrder.Count > RememberedPorts)
        {
            s_recent.Remove(s_recentOrder.Dequeue());
        }
    }
}
