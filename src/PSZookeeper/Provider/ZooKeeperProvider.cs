using System;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Provider;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Commands;
using PSZookeeper.Core;
using PSZookeeper.Core.Trees;

namespace PSZookeeper.Provider
{
    /// <summary>
    /// The ZooKeeper provider: znodes as a drive (New-PSDrive -PSProvider ZooKeeper). A drive
    /// rooted at /app shows the znode /app/x as app:/x; provider paths name their drive (see
    /// ProviderPaths). This file holds drives, paths and the plumbing; the item and navigation
    /// methods and the content methods are in the other parts.
    /// </summary>
    [CmdletProvider(ProviderName, ProviderCapabilities.ShouldProcess | ProviderCapabilities.Credentials)]
    [OutputType(typeof(ZKNode), ProviderCmdlet = ProviderCmdlet.GetItem)]
    [OutputType(typeof(ZKNode), ProviderCmdlet = ProviderCmdlet.GetChildItem)]
    [OutputType(typeof(ZKNode), ProviderCmdlet = ProviderCmdlet.NewItem)]
    public sealed partial class ZooKeeperProvider : NavigationCmdletProvider, IContentCmdletProvider, ITreeHost
    {
        public const string ProviderName = "ZooKeeper";

        private static readonly TimeSpan StopPoll = TimeSpan.FromMilliseconds(100);
        private TreeProgress? _progress;

        protected override Collection<PSDriveInfo> InitializeDefaultDrives() => new Collection<PSDriveInfo>();

        protected override object NewDriveDynamicParameters() => new ZKDriveParameters();

        protected override PSDriveInfo? NewDrive(PSDriveInfo drive)
        {
            var parameters = DynamicParameters as ZKDriveParameters ?? new ZKDriveParameters();
            string root = ProviderPaths.Split(drive.Root, out _);
            if (!ZNodePath.IsValid(root))
            {
                WriteError(new ErrorRecord(new ArgumentException($"The drive root '{drive.Root}' is not a znode path such as / or /app."),
                    "InvalidRoot", ErrorCategory.InvalidArgument, drive.Root));
                return null;
            }
            bool hasCredential = drive.Credential != null && drive.Credential != PSCredential.Empty;
            if (parameters.Session != null && (parameters.ComputerName != null || hasCredential || parameters.HasTlsSettings))
            {
                WriteError(new ErrorRecord(new ArgumentException(
                    "Give -Session alone: a session already has its servers, credentials and TLS settings. -ComputerName, -Credential and the TLS parameters open a new one."),
                    "SessionWithConnectParameters", ErrorCategory.InvalidArgument, drive.Name));
                return null;
            }
            if (parameters.Session == null && parameters.ComputerName == null)
            {
                WriteError(new ErrorRecord(new ArgumentException(
                    "A ZooKeeper drive needs a server or a session: New-PSDrive -PSProvider ZooKeeper -Root / -ComputerName host:port (or -Session $zkclient)."),
                    "NoServer", ErrorCategory.InvalidArgument, drive.Name));
                return null;
            }
            ZKSession? session = parameters.Session;
            bool owns = session == null;
            ZooKeeperTlsOptions? tls = null;
            if (owns)
            {
                ConnectionSecurity security = ConnectionSecurity.From(parameters, hasCredential ? drive.Credential : null,
                    SessionState.Path.GetUnresolvedProviderPathFromPSPath);
                try
                {
                    tls = security.ToTlsOptions();
                }
                catch (ArgumentException ex)
                {
                    WriteError(new ErrorRecord(ex, "InvalidTlsSettings", ErrorCategory.InvalidArgument, drive.Name));
                    return null;
                }
                if (security.Warning != null)
                {
                    WriteWarning(security.Warning);
                }
            }
            try
            {
                session = session ?? Open(drive, parameters, tls, hasCredential);
                if (session.IsTerminal)
                {
                    throw new InvalidOperationException($"ZooKeeper session '{session.Name}' is {session.State}; connect again.");
                }
                if (Await(session.Client.ExistsAsync(root)) == null)
                {
                    throw ZooKeeperException.Create(ErrorCode.NoNode, root, "the drive's root does not exist");
                }
                return new ZKDriveInfo(drive, root, session, owns);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                if (owns)
                {
                    session?.Close();
                }
                WriteError(ErrorMap.ToRecord(ex, drive.Name));
                return null;
            }
        }

        protected override PSDriveInfo RemoveDrive(PSDriveInfo drive)
        {
            if (drive is ZKDriveInfo zk && zk.OwnsSession)
            {
                zk.Session.Close();
            }
            return drive;
        }

        CancellationToken ITreeHost.StopToken => CancellationToken.None;

        /// <summary>Waits for a client task, checking for Ctrl+C (a provider has no cancellation token, only Stopping).</summary>
        public T Await<T>(Task<T> task)
        {
            Await((Task)task);
            return task.Result;
        }

        private void Await(Task task)
        {
            while (!TaskWaiter.TryWait(task, StopPoll, CancellationToken.None))
            {
                if (Stopping)
                {
                    throw new PipelineStoppedException();
                }
            }
        }

        void ITreeHost.Progress(string activity, string status, int done, int total) =>
            (_progress ?? (_progress = new TreeProgress(WriteProgress))).Report(activity, status, done, total);

        void ITreeHost.Warning(string text) => WriteWarning(text);

        /// <summary>
        /// The drive and znode path of a provider path ("zk:/a"). A path without a drive name
        /// (ZooKeeper::/a) uses the drive of the current call, if it is a ZooKeeper drive.
        /// </summary>
        private ZKLocation Locate(string path)
        {
            string relative = ProviderPaths.Split(path, out string? driveName);
            ZKDriveInfo? drive = driveName == null || string.Equals(PSDriveInfo?.Name, driveName, StringComparison.OrdinalIgnoreCase)
                ? PSDriveInfo as ZKDriveInfo
                : FindDrive(driveName);
            if (drive == null)
            {
                throw new InvalidOperationException(driveName == null
                    ? $"'{path}' names no ZooKeeper drive: use a drive path such as zk:{relative} (New-PSDrive -PSProvider ZooKeeper)."
                    : $"There is no ZooKeeper drive named '{driveName}'.");
            }
            if (drive.Session.IsTerminal)
            {
                throw new InvalidOperationException(
                    $"The session of drive '{drive.Name}' is {drive.Session.State}: remove the drive and create it again.");
            }
            return new ZKLocation(drive, drive.ToZNode(relative));
        }

        /// <summary>
        /// A drive by name as the caller sees it (its scope and the scopes above), for a provider-qualified
        /// path such as a piped item's PSPath (PSZookeeper\ZooKeeper::zk:/a), where PowerShell gives no drive.
        /// </summary>
        private ZKDriveInfo? FindDrive(string name)
        {
            try
            {
                return SessionState.Drive.Get(name) as ZKDriveInfo;
            }
            catch (DriveNotFoundException)
            {
                return null;
            }
        }

        private ZKSession Open(PSDriveInfo drive, ZKDriveParameters parameters, ZooKeeperTlsOptions? tls, bool hasCredential)
        {
            var options = new ZooKeeperClientOptions
            {
                SessionTimeout = TimeSpan.FromSeconds(parameters.SessionTimeout),
                ConnectTimeout = TimeSpan.FromSeconds(parameters.ConnectTimeout),
                Tls = tls,
            };
            ZKSession session = Await(ZKSession.OpenAsync("Drive " + drive.Name, string.Join(",", parameters.ComputerName!), options, CancellationToken.None));
            if (hasCredential)
            {
                try
                {
                    Await(session.Client.AddDigestAuthAsync(drive.Credential.UserName, drive.Credential.GetNetworkCredential().Password));
                }
                catch
                {
                    session.Close();
                    throw;
                }
            }
            return session;
        }

        /// <summary>Runs one provider operation on a path; a failure becomes a non-terminating error on it.</summary>
        private void Run(string path, Action<ZKLocation> action)
        {
            try
            {
                action(Locate(path));
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is OperationCanceledException))
            {
                WriteError(ErrorMap.ToRecord(ex, path));
            }
        }

        /// <summary>
        /// Writes a node as Get-ZKNode gives it (data as text), but with the drive path as its Path
        /// ("app:/config", as Get-ChildItem shows files) and the znode path as ZNodePath. Cmdlets such
        /// as Remove-Item bind a piped object's Path before its PSPath: a znode path ("/app/config")
        /// there would be taken for a file system path.
        /// </summary>
        private void WriteNode(ZKDriveInfo drive, string znode, byte[]? data, Stat stat)
        {
            string providerPath = drive.ToProviderPath(znode);
            var node = PSObject.AsPSObject(new ZKNode(providerPath, data, DataCodec.Decode(data, DataFormat.Text, null), stat, drive.Session));
            node.Properties.Add(new PSNoteProperty("ZNodePath", znode));
            WriteItemObject(node, providerPath, ZKNodeModes.Of(stat) != ZKNodeMode.Ephemeral);
        }

        private byte[]? Encode(object? value) =>
            DataCodec.Encode(value, false, v => PSJson.ToJson(InvokeCommand, v, 10));
    }
}
