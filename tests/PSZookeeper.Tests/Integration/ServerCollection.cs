using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Tests.Integration
{
    [CollectionDefinition("standalone")]
    public class ServerCollection : ICollectionFixture<StandaloneServerFixture>
    {
    }
}
