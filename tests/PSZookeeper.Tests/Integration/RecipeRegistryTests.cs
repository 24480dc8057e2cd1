using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Commands.Recipes;
using PSZookeeper.Recipes;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Tests.Integration
{
    /// <summary>What the recipe cmdlets hold is forgotten when its session ends, and only then.</summary>
    [Collection("standalone")]
    public sealed class RecipeRegistryTests
    {
        private readonly StandaloneServerFixture _fixture;

        public RecipeRegistryTests(StandaloneServerFixture fixture) => _fixture = fixture;

        [Fact]
        public async Task AClosedSessionsEntriesAreDroppedAndAnotherSessionsStay()
        {
            ZKSession ending = await ZKSession.OpenAsync("Ending", _fixture.ConnectString, null, CancellationToken.None);
            ZKSession staying = await ZKSession.OpenAsync("Staying", _fixture.ConnectString, null, CancellationToken.None);
            try
            {
                using var endingElection = new LeaderElection(ending.Client, "/registry-e");
                using var stayingElection = new LeaderElection(staying.Client, "/registry-s");
                RecipeRegistry.Add(RecipeRegistry.Elections, ending, "/registry-e", endingElection);
                RecipeRegistry.Add(RecipeRegistry.Elections, staying, "/registry-s", stayingElection);
                Assert.Equal(1, RecipeRegistry.CountFor(ending));

                ending.Close();
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (RecipeRegistry.CountFor(ending) > 0 && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(10);
                }
                Assert.Equal(0, RecipeRegistry.CountFor(ending));
                Assert.Same(stayingElection, RecipeRegistry.Take(RecipeRegistry.Elections, staying, "/registry-s"));
            }
            finally
            {
                ending.Close();
                staying.Close();
            }
        }
    }
}
