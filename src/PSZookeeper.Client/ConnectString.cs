using System;
using System.Collections.Generic;
using System.Globalization;

namespace PSZookeeper.Client
{
    /// <summary>
    /// A parsed connect string: "host1:port1,host2:port2/optional/chroot". Port defaults to 2181;
    /// IPv6 hosts are written in brackets, e.g. "[::1]:2181".
    /// </summary>
    public sealed class ConnectString
    {
        /// <summary>The port ZooKeeper listens on unless told otherwise.</summary>
        public const int DefaultPort = 2181;

        private ConnectString(IReadOnlyList<HostPort> hosts, string? chroot)
        {
            Hosts = hosts;
            Chroot = chroot;
        }

        /// <summary>The servers, in the order given.</summary>
        public IReadOnlyList<HostPort> Hosts { get; }

        /// <summary>The chroot suffix, or null when every path is absolute on the server.</summary>
        public string? Chroot { get; }

        /// <summary>Parses a connect string; throws ArgumentException with the reason when it is malformed.</summary>
        public static ConnectString Parse(string connectString)
        {
            if (string.IsNullOrWhiteSpace(connectString))
            {
                throw new ArgumentException("The connect string is empty; expected host:port[,host:port...][/chroot].", nameof(connectString));
            }
            string hostsPart = connectString.Trim();
            string? chroot = null;
            int slash = hostsPart.IndexOf('/');
            if (slash >= 0)
            {
                chroot = hostsPart.Substring(slash);
                hostsPart = hostsPart.Substring(0, slash);
                if (chroot == "/")
                {
                    chroot = null;
                }
                else
                {
                    ZNodePath.ValidateChroot(chroot);
                }
            }
            var hosts = new List<HostPort>();
            foreach (string entry in hostsPart.Split(','))
            {
                string item = entry.Trim();
                if (item.Length == 0)
                {
                    continue;
                }
                hosts.Add(ParseHost(item, connectString));
            }
            if (hosts.Count == 0)
            {
                throw new ArgumentException($"The connect string '{connectString}' names no server.", nameof(connectString));
            }
            return new ConnectString(hosts, chroot);
        }

        private static HostPort ParseHost(string item, string whole)
        {
            string host = item;
            string? port = null;
            if (item.StartsWith("[", StringComparison.Ordinal))
            {
                int close = item.IndexOf(']');
                if (close < 0)
                {
                    throw new ArgumentException($"Unclosed '[' in '{item}' of connect string '{whole}'.");
                }
                host = item.Substring(1, close - 1);
                if (close + 1 < item.Length)
                {
                    if (item[close + 1] != ':')
                    {
                        throw new ArgumentException($"Expected ':' after ']' in '{item}' of connect string '{whole}'.");
                    }
                    port = item.Substring(close + 2);
                }
            }
            else
            {
                int colon = item.LastIndexOf(':');
                if (colon >= 0)
                {
                    host = item.Substring(0, colon);
                    port = item.Substring(colon + 1);
                }
            }
            if (host.Length == 0)
            {
                throw new ArgumentException($"Missing host name in '{item}' of connect string '{whole}'.");
            }
            int portNumber = DefaultPort;
            if (port != null &&
                (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber < 1 || portNumber > 65535))
            {
                throw new ArgumentException($"Invalid port '{port}' in connect string '{whole}'.");
            }
            return new HostPort(host, portNumber);
        }

        /// <inheritdoc/>
        public override string ToString() => string.Join(",", Hosts) + (Chroot ?? string.Empty);
    }

    /// <summary>One server address.</summary>
    public sealed class HostPort
    {
        /// <summary>Creates an address.</summary>
        public HostPort(string host, int port)
        {
            Host = host;
            Port = port;
        }

        /// <summary>Host name or IP address.</summary>
        public string Host { get; }

        /// <summary>TCP port.</summary>
        public int Port { get; }

        /// <inheritdoc/>
        public override string ToString() => Host.IndexOf(':') >= 0 ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
    }
}
