// xunit collection definitions must live in the test assembly itself, so this library only
// provides the fixture. A test project shares one server across test classes by declaring:
//
//     [CollectionDefinition("standalone")]
//     public class StandaloneCollection : ICollectionFixture<StandaloneServerFixture> { }
//
// and marking test classes with [Collection("standalone")] plus a constructor parameter of
// type StandaloneServerFixture.
using System;
using System.Threading.Tasks;
using Xunit;

namespace PSZookeeper.TestServers;

/// <summary>xunit fixture: one shared standalone ZooKeeper server for a test collection.</summary>
public class StandaloneServerFixture : IAsyncLifetime
{
    private ZooKeeperServer? _server;

    /// <summary>The shared server, started by <see cref="InitializeAsync"/>.</summary>
    public ZooKeeperServer Server => _server
        ?? throw new InvalidOperationException("The fixture has not been initialized by xunit yet.");

    /// <summary>Client connect string of <see cref="Server"/>.</summary>
    public string ConnectString => Server.ConnectString;

    /// <summary>Starts the server; if ZooKeeper is missing every test in the collection fails with the install hint.</summary>
    public async Task InitializeAsync()
    {
        var options = new ZooKeeperServerOptions();
        Configure(options);
        _server = new ZooKeeperServer(options);
        await _server.StartAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the server and deletes its data.</summary>
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Override to change server options (extra config lines, system properties) in a derived fixture.</summary>
    /// <param name="options">Defaults, to be modified in place.</param>
    protected virtual void Configure(ZooKeeperServerOptions options)
    {
    }
}
