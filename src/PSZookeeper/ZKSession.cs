using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Core;

namespace PSZookeeper
{
    /// <summary>
    /// A named ZooKeeper session as PowerShell sees it: the object bound to <c>$zkclient</c>
    /// and piped into every cmdlet. Wraps one <see cref="ZooKeeperClient"/>.
    /// </summary>
    public sealed class ZKSession : IDisposable
    {
        private readonly object _gate = new object();
        private readonly List<ZKWatcher> _watchers = new List<ZKWatcher>();
        // Closes the session when the host process ends (SIGTERM, SIGHUP, exit), so its ephemerals go at once.
        private readonly IDisposable _closedAtHostExit;
        private int _closed;

        internal ZKSession(string name, string connectString, ZooKeeperClient client)
        {
            Name = name;
            ConnectString = connectString;
            Client = client;
            ConnectedAt = DateTime.Now;
            Dispatcher = new WatchDispatcher(name);
            client.StateChanged += OnClientStateChanged;
            _closedAtHostExit = HostExit.Enlist(() => Task.Run(Close));
        }

        /// <summary>The session's name in Get-ZKSession.</summary>
        public string Name { get; }

        /// <summary>The connect string it was opened with.</summary>
        public string ConnectString { get; }

        /// <summary>The underlying client, for direct (asynchronous) calls.</summary>
        public ZooKeeperClient Client { get; }

        /// <summary>When the session was opened (local time).</summary>
        public DateTime ConnectedAt { get; }

        public ClientState State => Client.State;

        public long SessionId => Client.SessionId;

        public string SessionIdHex => "0x" + SessionId.ToString("x", CultureInfo.InvariantCulture);

        public string? Server => Client.ConnectedServer;

        public TimeSpan SessionTimeout => Client.SessionTimeout;

        /// <summary>True once the session can never be used again (expired, closed, auth failed).</summary>
        public bool IsTerminal => State.IsTerminal();

        /// <summary>True while this is the current session of its registry.</summary>
        public bool IsCurrent { get; internal set; }

        /// <summary>Raised (on the client's event thread) when the connection or session changes state.</summary>
        public event EventHandler<ConnectionChangedEventArgs>? StateChanged;

        /// <summary>Opens a session and waits until it is connected.</summary>
        public static async Task<ZKSession> OpenAsync(string name, string connectString, ZooKeeperClientOptions? options,
            CancellationToken cancellationToken)
        {
            ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(connectString, options, cancellationToken).ConfigureAwait(false);
            return new ZKSession(name, connectString, client);
        }

        /// <summary>The watchers armed through this session that are still running.</summary>
        public IReadOnlyList<ZKWatcher> Watchers
        {
            get
            {
                lock (_gate)
                {
                    return _watchers.ToArray();
                }
            }
        }

        /// <summary>The one thread that runs this session's watch work, in order.</summary>
        internal WatchDispatcher Dispatcher { get; }

        internal void Track(ZKWatcher watcher)
        {
            lock (_gate)
            {
                _watchers.Add(watcher);
            }
        }

        internal void Untrack(ZKWatcher watcher)
        {
            lock (_gate)
            {
                _watchers.Remove(watcher);
            }
        }

        /// <summary>Closes the session: the server deletes its ephemeral nodes at once.</summary>
        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }
            _closedAtHostExit.Dispose();
            foreach (ZKWatcher watcher in Watchers)
            {
                watcher.Stop(removeFromServer: false);
            }
            Dispatcher.Dispose();
            Client.Dispose();
        }

        public void Dispose() => Close();

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0} ({1}, {2}, {3})", Name, ConnectString, State, SessionIdHex);

        private void OnClientStateChanged(object? sender, ConnectionChangedEventArgs e) => StateChanged?.Invoke(this, e);
    }
}
