using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Io;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client
{
    /// <summary>
    /// A ZooKeeper session. Every operation is asynchronous and may be issued from many threads
    /// at once: requests are pipelined on one connection and complete in the order they were
    /// issued. Watch callbacks and <see cref="StateChanged"/> run one at a time, in order, on the
    /// client's event thread; a watch event always runs before the reply of a later request
    /// that observes the change completes. Losing the connection is not losing the session: the
    /// client reconnects, re-sends credentials and re-arms watches until the session expires.
    /// </summary>
    public sealed partial class ZooKeeperClient : IDisposable
    {
        private readonly Session _session;
        private readonly ZooKeeperClientOptions _options;
        private readonly string? _chroot;

        private ZooKeeperClient(ConnectString connectString, ZooKeeperClientOptions options)
        {
            ConnectString = connectString;
            _options = options;
            _chroot = connectString.Chroot;
            _session = new Session(connectString, options, args => StateChanged?.Invoke(this, args));
        }

        /// <summary>
        /// Opens a session (or resumes one given by <see cref="ZooKeeperClientOptions.SessionId"/>)
        /// and returns once connected.
        /// </summary>
        /// <param name="connectString">host:port[,host:port...][/chroot]</param>
        /// <param name="options">Settings; null for the defaults.</param>
        /// <param name="cancellationToken">Stops waiting for the first connection.</param>
        /// <exception cref="ArgumentException">The connect string or an option is invalid.</exception>
        /// <exception cref="ConnectionLossException">No server answered within the connect timeout.</exception>
        /// <exception cref="SessionExpiredException">The session to resume has expired.</exception>
        public static Task<ZooKeeperClient> ConnectAsync(string connectString, ZooKeeperClientOptions? options = null,
            CancellationToken cancellationToken = default)
        {
            ZooKeeperClient client;
            try
            {
                ConnectString parsed = ConnectString.Parse(connectString);
                ZooKeeperClientOptions settings = (options ?? new ZooKeeperClientOptions()).Clone();
                settings.Validate();
                client = new ZooKeeperClient(parsed, settings);
            }
            catch (Exception ex)
            {
                return Task.FromException<ZooKeeperClient>(ex);
            }
            // Completed on the connection's thread the moment the session is up: a caller blocked
            // on the task wakes with no thread-pool hop between, and continuations of callers that
            // await it still run on the pool, never on the connection's thread.
            var connected = new TaskCompletionSource<ZooKeeperClient>(TaskCreationOptions.RunContinuationsAsynchronously);
            client._session.StartAsync(cancellationToken).ContinueWith(started =>
            {
                if (started.Status == TaskStatus.RanToCompletion)
                {
                    connected.TrySetResult(client);
                    return;
                }
                // Disposing waits for queued callbacks: off the thread the failure came from.
                ThreadPool.UnsafeQueueUserWorkItem(_ =>
                {
                    client.Dispose();
                    if (started.IsCanceled)
                    {
                        connected.TrySetCanceled(cancellationToken);
                    }
                    else
                    {
                        connected.TrySetException(started.Exception!.InnerExceptions);
                    }
                }, null);
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return connected.Task;
        }

        /// <summary>Raised, on the event thread, when the connection or session changes state.</summary>
        public event EventHandler<ConnectionChangedEventArgs>? StateChanged;

        /// <summary>The parsed connect string.</summary>
        public ConnectString ConnectString { get; }

        /// <summary>The current session state.</summary>
        public ClientState State => _session.State;

        /// <summary>The session id (to resume the session from another client).</summary>
        public long SessionId => _session.SessionId;

        /// <summary>A copy of the session password. It is a secret: whoever has it can take over the session.</summary>
        public byte[] GetSessionPassword() => _session.Password;

        /// <summary>The timeout the server granted.</summary>
        public TimeSpan SessionTimeout => _session.NegotiatedTimeout;

        /// <summary>The zxid of the last change this client has seen.</summary>
        public long LastZxid => _session.LastZxid;

        /// <summary>
        /// True when the calling code runs on a client's event thread (in a watch or state
        /// callback). Code there must not block on a reply: replies queue behind the running callback.
        /// </summary>
        public static bool IsEventThread => EventDispatcher.IsAnyDispatcherThread;

        /// <summary>The server currently connected to (host:port), or null.</summary>
        public string? ConnectedServer => _session.ConnectedServer;

        /// <summary>
        /// Closes the session: the server deletes its ephemeral nodes at once. Requests still in
        /// flight fail with <see cref="ObjectDisposedException"/>.
        /// </summary>
        public Task CloseAsync() => _session.CloseAsync();

        /// <summary>Closes the session, waiting at most a few seconds for the server.</summary>
        public void Dispose()
        {
            if (!IsEventThread)
            {
                // Waits for the close reply so ephemerals go now; never blocks the event thread.
                _session.CloseAsync().Wait(TimeSpan.FromSeconds(6));
            }
            _session.Dispose();
        }

        /// <inheritdoc/>
        public override string ToString() => $"ZooKeeperClient(0x{SessionId:x}, {State}, {ConnectString})";

        private Task<T> Send<T>(PendingRequest<T> request)
        {
            _session.Submit(request);
            return request;
        }

        private string ToServerPath(string path) => ZNodePath.ApplyChroot(_chroot, path);

        private string ToClientPath(string serverPath) => ZNodePath.StripChroot(_chroot, serverPath);

        private void CheckData(byte[]? data, string path)
        {
            if (data != null && data.Length > _options.MaxDataLength)
            {
                throw new DataTooLargeException(path, data.Length, _options.MaxDataLength);
            }
        }

        private static WatchRegistration? Watch(WatchKind kind, string path, Action<WatchedEvent>? watcher) =>
            watcher == null ? null : new WatchRegistration(kind, path, watcher);

        private static OpCode ChildrenOp(bool withStat) => withStat ? OpCode.GetChildren2 : OpCode.GetChildren;
    }
}
