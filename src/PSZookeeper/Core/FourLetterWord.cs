using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.Core
{
    /// <summary>ZooKeeper's four-letter-word admin commands (srvr, mntr, ruok, conf, ...) over the client port.</summary>
    internal static class FourLetterWord
    {
        /// <summary>Sends a command to host:port and returns the server's whole answer.</summary>
        public static async Task<string> SendAsync(string host, int port, string command, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (command == null || command.Length != 4)
            {
                throw new ArgumentException("A four-letter word has exactly four letters (srvr, mntr, ruok, conf, ...).", nameof(command));
            }
            using (var client = new TcpClient())
            using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timer.CancelAfter(timeout);
                using (timer.Token.Register(() => client.Dispose()))
                {
                    try
                    {
                        await client.ConnectAsync(host, port).ConfigureAwait(false);
                        NetworkStream stream = client.GetStream();
                        byte[] request = Encoding.ASCII.GetBytes(command);
                        await stream.WriteAsync(request, 0, request.Length).ConfigureAwait(false);
                        using (var buffer = new MemoryStream())
                        {
                            await stream.CopyToAsync(buffer).ConfigureAwait(false);
                            return Encoding.UTF8.GetString(buffer.ToArray());
                        }
                    }
                    catch (Exception ex) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested &&
                        (ex is ObjectDisposedException || ex is IOException || ex is SocketException || ex is NullReferenceException))
                    {
                        throw new TimeoutException($"{host}:{port} did not answer '{command}' within {timeout.TotalSeconds} s.", ex);
                    }
                }
            }
        }

        /// <summary>
        /// Parses an answer into name/value pairs: mntr's "name&lt;TAB&gt;value" lines, or srvr/conf
        /// "Name: value" / "name=value" lines. Numbers become long; other lines are skipped.
        /// </summary>
        public static IReadOnlyList<KeyValuePair<string, object>> Parse(string text)
        {
            var result = new List<KeyValuePair<string, object>>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string raw in (text ?? string.Empty).Split('\n'))
            {
                string line = raw.TrimEnd('\r');
                int split = line.IndexOf('\t');
                if (split < 0)
                {
                    split = line.IndexOf(": ", StringComparison.Ordinal);
                }
                if (split < 0)
                {
                    split = line.IndexOf('=');
                }
                if (split <= 0)
                {
                    continue;
                }
                string name = Normalize(line.Substring(0, split));
                string value = line.Substring(split + 1).TrimStart(':', ' ', '\t');
                if (name.Length == 0 || !seen.Add(name))
                {
                    continue;
                }
                result.Add(new KeyValuePair<string, object>(name, Convert(value)));
            }
            return result;
        }

        /// <summary>"Zookeeper version" -> "ZookeeperVersion", "zk_avg_latency" -> "zk_avg_latency".</summary>
        public static string Normalize(string name)
        {
            var sb = new StringBuilder();
            bool upper = false;
            foreach (char c in name.Trim())
            {
                if (c == ' ' || c == '-' || c == '.')
                {
                    upper = true;
                    continue;
                }
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            return sb.ToString();
        }

        private static object Convert(string value)
        {
            value = value.Trim();
            if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number))
            {
                return number;
            }
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double real) && value.IndexOf('.') >= 0 && value.IndexOf('/') < 0)
            {
                return real;
            }
            return value;
        }
    }
}
