using System.Management.Automation;
using PSZookeeper.Core.Trees;

namespace PSZookeeper.Provider
{
    /// <summary>
    /// A ZooKeeper drive: a root znode and the session its paths are read with. A drive opened
    /// with -ComputerName owns its session and closes it when the drive is removed; a drive given
    /// -Session borrows it. Its Root is "name:/" (see ProviderPaths); <see cref="ZNodeRoot"/> is
    /// the znode it shows.
    /// </summary>
    public sealed class ZKDriveInfo : PSDriveInfo
    {
        internal ZKDriveInfo(PSDriveInfo drive, string znodeRoot, ZKSession session, bool ownsSession)
            : base(drive.Name, drive.Provider, ProviderPaths.DriveRoot(drive.Name),
                string.IsNullOrEmpty(drive.Description) ? $"ZooKeeper {session.ConnectString} {znodeRoot}" : drive.Description,
                drive.Credential)
        {
            ZNodeRoot = znodeRoot;
            Session = session;
            OwnsSession = ownsSession;
        }

        /// <summary>The znode the drive's root shows (New-PSDrive -Root), e.g. / or /app.</summary>
        public string ZNodeRoot { get; }

        /// <summary>The session the drive reads and writes with.</summary>
        public ZKSession Session { get; }

        /// <summary>True when the drive opened the session itself (and closes it on Remove-PSDrive).</summary>
        public bool OwnsSession { get; }

        /// <summary>The znode path of a path relative to the drive's root ("/x" is ZNodeRoot/x).</summary>
        public string ToZNode(string relative) => ZKTreePaths.Under(ZNodeRoot, relative);

        /// <summary>The provider path ("name:/x") of a znode path inside the drive.</summary>
        public string ToProviderPath(string znode) => ProviderPaths.Join(Name, ZKTreePaths.Relative(ZNodeRoot, znode));
    }
}
