using System;
using PSZookeeper.Client;

namespace PSZookeeper.Tasks
{
    /// <summary>A master's or worker's session together with the trust model it enforces.</summary>
    internal sealed class FarmSession : IDisposable
    {
        public FarmSession(ZooKeeperClient client, FarmSecurity security)
        {
            Client = client;
            Security = security;
        }

        public ZooKeeperClient Client { get; }

        public FarmSecurity Security { get; }

        public void Dispose() => Client.Dispose();
    }
}
