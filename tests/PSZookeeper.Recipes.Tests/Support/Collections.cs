using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Recipes.Tests
{
    /// <summary>One standalone server shared by the recipe tests that need no failover.</summary>
    [CollectionDefinition("recipes-standalone")]
    public sealed class RecipesStandaloneCollection : ICollectionFixture<StandaloneServerFixture>
    {
    }

    /// <summary>A three-member ensemble for the tests that restart or pause servers.</summary>
    [CollectionDefinition("recipes-ensemble")]
    public sealed class RecipesEnsembleCollection : ICollectionFixture<EnsembleFixture>
    {
    }
}
