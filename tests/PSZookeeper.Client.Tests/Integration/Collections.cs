using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    /// <summary>A standalone server whose container/TTL reaper runs every half second, so those tests finish quickly.</summary>
    public sealed class StandaloneFixture : StandaloneServerFixture
    {
        protected override void Configure(ZooKeeperServerOptions options)
        {
            options.SystemProperties["znode.container.checkIntervalMs"] = "500";
        }
    }

    [CollectionDefinition("standalone")]
    public sealed class StandaloneCollection : ICollectionFixture<StandaloneFixture>
    {
    }

    [CollectionDefinition("ensemble")]
    public sealed class EnsembleCollection : ICollectionFixture<EnsembleFixture>
    {
    }
}
