using PSZookeeper.Client;

namespace PSZookeeper.Provider
{
    /// <summary>Where a provider path points: its drive (and so its session) and the znode.</summary>
    internal readonly struct ZKLocation
    {
        public ZKLocation(ZKDriveInfo drive, string znode)
        {
            Drive = drive;
            ZNode = znode;
        }

        public ZKDriveInfo Drive { get; }

        public string ZNode { get; }

        public ZooKeeperClient Client => Drive.Session.Client;
    }
}
