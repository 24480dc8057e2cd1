using PSZookeeper.TestServers;
using Xunit.Abstractions;

namespace PSZookeeper.Recipes.Tests
{
    /// <summary>Tests on the shared standalone server.</summary>
    public abstract class StandaloneTestBase : RecipeTestBase
    {
        protected StandaloneTestBase(StandaloneServerFixture fixture, ITestOutputHelper output)
        {
            Fixture = fixture;
            Output = output;
        }

        protected StandaloneServerFixture Fixture { get; }

        protected ITestOutputHelper Output { get; }

        protected override string ConnectString => Fixture.ConnectString;
    }
}
