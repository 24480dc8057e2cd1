// xunit collection definitions must live in the test assembly itself, so this library only
// provides the fixture. A test project shares one ensemble across test classes by declaring:
//
//     [CollectionDefinition("ensemble")]
//     public class EnsembleCollection : ICollectionFixture<EnsembleFixture> { }
//
// Tests that kill or pause members should call Ensemble.RestoreAsync() when done (e.g. in
// their own DisposeAsync) so the next test again sees a full quorum.
using System;
using System.Threading.Tasks;
using Xunit;

namespace PSZookeeper.TestServers;

/// <summary>xunit fixture: one shared ZooKeeper ensemble (3 members by default) for a test collection.</summary>
public class EnsembleFixture : IAsyncLifetime
{
    private ZooKeeperEnsemble? _ensemble;

    /// <summary>The shared ensemble, started (with quorum) by <see cref="InitializeAsync"/>.</summary>
    public ZooKeeperEnsemble Ensemble => _ensemble
        ?? throw new InvalidOperationException("The fixture has not been initialized by xunit yet.");

    /// <summary>Comma-separated client connect string of all members.</summary>
    public string ConnectString => Ensemble.ConnectString;

    /// <summary>Number of members; override in a derived fixture for other sizes.</summary>
    protected virtual int Size => 3;

    /// <summary>Starts all members and waits for a leader and followers.</summary>
    public async Task InitializeAsync()
    {
        var options = new ZooKeeperServerOptions();
        Configure(options);
        _ensemble = new ZooKeeperEnsemble(Size, options);
        await _ensemble.StartAsync().ConfigureAwait(false);
    }

    /// <summary>Kills every member and deletes the ensemble's data.</summary>
    public async Task DisposeAsync()
    {
        if (_ensemble is not null)
        {
            await _ensemble.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Override to change member options in a derived fixture.</summary>
    /// <param name="options">Defaults, to be modified in place.</param>
    protected virtual void Configure(ZooKeeperServerOptions options)
    {
    }
}
