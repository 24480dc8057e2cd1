using System;
using System.Collections.Generic;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// Hands out servers round-robin over a shuffled list, so many clients given the same
    /// connect string spread over the ensemble instead of all piling onto the first host.
    /// </summary>
    internal sealed class HostProvider
    {
        private readonly HostPort[] _hosts;
        private int _next;

        public HostProvider(IReadOnlyList<HostPort> hosts, Random random)
        {
            _hosts = new HostPort[hosts.Count];
            for (int i = 0; i < hosts.Count; i++)
            {
                _hosts[i] = hosts[i];
            }
            for (int i = _hosts.Length - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (_hosts[i], _hosts[j]) = (_hosts[j], _hosts[i]);
            }
        }

        public int Count => _hosts.Length;

        public HostPort Next()
        {
            HostPort host = _hosts[_next];
            _next = (_next + 1) % _hosts.Length;
            return host;
        }
    }
}
