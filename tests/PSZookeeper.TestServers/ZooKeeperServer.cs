using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.TestServers;

/// <summary>
/// One real ZooKeeper server process (standalone, or a member of a <see cref="ZooKeeperEnsemble"/>)
/// listening on 127.0.0.1, with its own data directory under <c>/tmp/pszk-tests</c>.
/// </summary>
/// <remarks>
/// Not thread-safe: drive one server from one test at a time. Disposal SIGKILLs the process and
/// deletes the data directory; see <see cref="ServerRegistry"/> and <see cref="JavaLauncher"/>
/// for how servers die with a crashed test host.
/// </remarks>
public sealed class ZooKeeperServer : IAsyncDisposable, IDisposable
{
    private const int MaxPortAttempts = 3;
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DefaultFourLetterWordTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SignalSettleTimeout = TimeSpan.FromSeconds(5);

    private readonly ZooKeeperServerOptions _options;
    private readonly string _rootDirectory;
    private readonly bool _isStandalone;
    private IReadOnlyList<QuorumPeerAddress> _peers = Array.Empty<QuorumPeerAddress>();
    private Process? _process;
    private volatile int _pid;
    private int _port;
    private int _securePort;
    private TlsServerFiles? _tlsFiles;
    private bool _hasServed;
    private bool _paused;
    private bool _disposed;
    private long _logOffset;

    /// <summary>Creates a standalone server; nothing is started or written to disk until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Tunables; copied, so later changes have no effect. Null means defaults.</param>
    public ZooKeeperServer(ZooKeeperServerOptions? options = null)
    {
        _options = (options ?? new ZooKeeperServerOptions()).Clone();
        _rootDirectory = TestDirectories.NewRootPath("standalone");
        DataDirectory = _rootDirectory;
        _isStandalone = true;
    }

    /// <summary>Creates an ensemble member; the ensemble assigns its ports before launching it.</summary>
    internal ZooKeeperServer(ZooKeeperServerOptions options, string rootDirectory, string dataDirectory, int serverId)
    {
        _options = options;
        _rootDirectory = rootDirectory;
        DataDirectory = dataDirectory;
        ServerId = serverId;
    }

    /// <summary>The member's <c>myid</c> (1-based) in an ensemble; null for a standalone server.</summary>
    public int? ServerId { get; }

    /// <summary>Client port on 127.0.0.1, chosen at the first start and kept across restarts.</summary>
    /// <exception cref="InvalidOperationException">The server has never been started.</exception>
    public int Port => _port != 0 ? _port
        : throw new InvalidOperationException($"{this} has no port yet: ports are chosen by StartAsync.");

    /// <summary>Connect string for a client, e.g. <c>127.0.0.1:41234</c>.</summary>
    public string ConnectString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>TLS client port (<c>secureClientPort</c>) on 127.0.0.1, chosen at the first start and kept across restarts.</summary>
    /// <exception cref="InvalidOperationException">TLS is not enabled (<see cref="ZooKeeperServerOptions.Tls"/>) or the server has never been started.</exception>
    public int SecurePort => _securePort != 0 ? _securePort
        : throw new InvalidOperationException(_options.Tls is null
            ? $"{this} has no TLS port: set ZooKeeperServerOptions.Tls to enable it."
            : $"{this} has no TLS port yet: ports are chosen by StartAsync.");

    /// <summary>Connect string for a TLS client, e.g. <c>127.0.0.1:41235</c>.</summary>
    public string SecureConnectString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{SecurePort}");

    /// <summary>The server's TLS settings (with the certificates in use), or null when TLS is off.</summary>
    public TlsServerOptions? Tls => _options.Tls;

    /// <summary>The certificates the TLS server uses (its CA, server and client certificates), or null when TLS is off.</summary>
    public TlsTestCertificates? TlsCertificates => _options.Tls?.Certificates;

    /// <summary>The key/trust store files (and their password) once started with TLS, else null.</summary>
    public TlsServerFiles? TlsFiles => _tlsFiles;

    /// <summary>Directory holding this server's <c>zoo.cfg</c>, <c>run.sh</c>, log and <c>data/</c>.</summary>
    public string DataDirectory { get; }

    /// <summary>The server's stdout/stderr log (appended across restarts, each start marked by a <c>==== pszk:</c> line).</summary>
    public string LogFilePath => Path.Combine(DataDirectory, "server.log");

    /// <summary>True while the java process exists (including while paused).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>True between <see cref="Pause"/> and <see cref="Resume"/>.</summary>
    public bool IsPaused => _paused && IsRunning;

    /// <summary>Pid of the java process while running, else null.</summary>
    public int? ProcessId => IsRunning ? _pid : null;

    /// <summary>The assigned client port, or 0 before the first start (no exception, for lookups).</summary>
    internal int AssignedPort => _port;

    private string ConfigPath => Path.Combine(DataDirectory, "zoo.cfg");

    private string ScriptPath => Path.Combine(DataDirectory, "run.sh");

    /// <summary>
    /// Starts the server and waits (bounded by <see cref="ZooKeeperServerOptions.StartTimeout"/>)
    /// until it answers <c>ruok</c> and <c>srvr</c> reports a serving mode. A standalone server
    /// whose freshly chosen port was taken meanwhile retries with new ports.
    /// </summary>
    /// <exception cref="ZooKeeperNotInstalledException">ZooKeeper or Java is missing.</exception>
    /// <exception cref="ZooKeeperServerStartException">The server exited or never served; the message holds the log tail.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (IsRunning)
        {
            throw new InvalidOperationException($"{this} is already running.");
        }

        for (int attempt = 1; ; attempt++)
        {
            if (_port == 0)
            {
                _port = LoopbackPorts.Reserve(1)[0];
            }

            Launch();
            try
            {
                await WaitUntilServingAsync(_options.StartTimeout, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ZooKeeperServerStartException e)
                when (e.IsPortConflict && _isStandalone && !_hasServed && attempt < MaxPortAttempts)
            {
                // Lost the race between our port probe and java's bind: pick new ports.
                Kill();
                _port = 0;
                _securePort = 0;
            }
            catch
            {
                Kill();
                throw;
            }
        }
    }

    /// <summary>Stops gracefully (SIGTERM), SIGKILLing after <see cref="ZooKeeperServerOptions.StopTimeout"/>. No-op when not running.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_process is not { HasExited: false } process)
        {
            MarkStopped();
            return;
        }

        NativeSignals.Send(_pid, NativeSignals.SigTerm);
        if (_paused)
        {
            // A stopped process only acts on SIGTERM once it is continued.
            NativeSignals.Send(_pid, NativeSignals.SigCont);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Graceful shutdown hung; tests need the port and process gone, so force it.
        }

        Kill();
    }

    /// <summary>Crashes the server (SIGKILL) and waits for the process to be gone. No-op when not running.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            NativeSignals.Send(_pid, NativeSignals.SigKill);
            // SIGKILL cannot be ignored; the wait only covers kernel teardown and reaping.
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        MarkStopped();
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open but nothing answers, like a long GC pause or a hung host.</summary>
    /// <exception cref="InvalidOperationException">The server is not running or already paused.</exception>
    public void Pause()
    {
        if (!IsRunning || _paused)
        {
            throw new InvalidOperationException($"{this} cannot be paused: it is {(IsRunning ? "already paused" : "not running")}.");
        }

        NativeSignals.Send(_pid, NativeSignals.SigStop);
        _paused = true;
        // Signals are asynchronous; wait until the kernel reports the process stopped so the
        // caller's next step really observes a frozen server.
        Polling.Until(() => !ProcStat.TryRead(_pid, out char state, out _) || state is 'T' or 't', SignalSettleTimeout);
    }

    /// <summary>Continues a paused server (SIGCONT).</summary>
    /// <exception cref="InvalidOperationException">The server is not paused.</exception>
    public void Resume()
    {
        if (!IsPaused)
        {
            throw new InvalidOperationException($"{this} is not paused.");
        }

        NativeSignals.Send(_pid, NativeSignals.SigCont);
        _paused = false;
        Polling.Until(() => !ProcStat.TryRead(_pid, out char state, out _) || state is not ('T' or 't'), SignalSettleTimeout);
    }

    /// <summary>Stops the server if it runs (gracefully) and starts it again on the same ports and data directory.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        await StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a four-letter word (e.g. <c>ruok</c>, <c>srvr</c>, <c>mntr</c>, <c>cons</c>) and returns the reply text.</summary>
    /// <param name="command">Exactly four characters.</param>
    /// <param name="timeout">How long to wait for the complete reply (default 5 s).</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <exception cref="TimeoutException">No reply in time (e.g. the server is paused).</exception>
    /// <exception cref="System.Net.Sockets.SocketException">Nothing listens on the port (server down).</exception>
    public Task<string> SendFourLetterWordAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Length != 4)
        {
            throw new ArgumentException("A four-letter word has exactly four characters.", nameof(command));
        }

        return FourLetterWordClient.SendAsync(Port, command, timeout ?? DefaultFourLetterWordTimeout, cancellationToken);
    }

    /// <summary>The server's current role according to <c>srvr</c>; <see cref="ServerMode.Unreachable"/> when it does not answer within 2 s.</summary>
    public async Task<ServerMode> GetModeAsync(CancellationToken cancellationToken = default)
    {
        if (_port == 0)
        {
            return ServerMode.Unreachable;
        }

        string? reply = await FourLetterWordClient.TrySendAsync(_port, "srvr", TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        return SrvrResponse.ParseMode(reply);
    }

    /// <summary>The last <paramref name="lines"/> lines of <see cref="LogFilePath"/>, for assertion messages.</summary>
    public string ReadLogTail(int lines = 40) => LogTail.Read(LogFilePath, 0, lines);

    /// <summary>SIGKILLs the server and deletes its data directory (unless <see cref="ZooKeeperServerOptions.KeepDataDirectory"/>).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kill();
        _process?.Dispose();
        if (!_options.KeepDataDirectory)
        {
            TestDirectories.DeleteQuietly(DataDirectory);
        }
    }

    /// <summary>Same as <see cref="Dispose"/>: killing is immediate, so there is nothing to await.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Describes the server for messages, e.g. <c>ZooKeeper server 2 (127.0.0.1:41234)</c>.</summary>
    public override string ToString()
    {
        string port = _port == 0 ? "no port yet" : string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{_port}");
        return ServerId is int id ? $"ZooKeeper server {id} ({port})" : $"ZooKeeper server ({port})";
    }

    /// <summary>Sets the ensemble-chosen client port and quorum addresses used by the next launch.</summary>
    internal void AssignPorts(int clientPort, IReadOnlyList<QuorumPeerAddress> peers)
    {
        _port = clientPort;
        _peers = peers;
    }

    /// <summary>
    /// Writes the configuration and starts the JVM without waiting; ensembles launch all members
    /// first because no member can serve before a quorum exists.
    /// </summary>
    internal void Launch()
    {
        ThrowIfDisposed();
        ZooKeeperInstallation installation = ZooKeeperInstallation.Locate();
        ServerRegistry.EnsureInitialized();
        TestDirectories.EnsureRoot(_rootDirectory);
        IEnumerable<string>? tlsLines = null;
        if (_options.Tls is { } tls)
        {
            if (_securePort == 0)
            {
                _securePort = LoopbackPorts.Reserve(1)[0];
            }

            _tlsFiles ??= TlsServerSetup.WriteFiles(Path.Combine(DataDirectory, "tls"), tls, installation);
            tlsLines = TlsServerSetup.ConfigLines(_securePort, _tlsFiles, tls);
        }

        ZooKeeperConfigFile.Write(ConfigPath, Path.Combine(DataDirectory, "data"), Port, ServerId, _peers, _options, tlsLines);
        File.AppendAllText(LogFilePath, $"==== pszk: starting {this} at {DateTime.Now:O} ====\n");
        _logOffset = LogTail.CurrentLength(LogFilePath);

        _process?.Dispose();
        _process = JavaLauncher.Start(installation, _options, ConfigPath, LogFilePath, ScriptPath);
        _pid = _process.Id;
        _paused = false;
        ServerRegistry.Register(this);
    }

    /// <summary>Polls <c>ruok</c>/<c>srvr</c> until the launched server serves, fails fast if java exits.</summary>
    internal async Task WaitUntilServingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Process process = _process ?? throw new InvalidOperationException($"{this} was not launched.");
        string lastStatus = "no answer yet";
        bool serving = await Polling.UntilAsync(async token =>
        {
            if (process.HasExited)
            {
                return true;
            }

            string? ruok = await FourLetterWordClient.TrySendAsync(_port, "ruok", ProbeTimeout, token).ConfigureAwait(false);
            if (ruok != "imok")
            {
                lastStatus = ruok is null ? "no answer to ruok" : $"ruok answered '{ruok}'";
                return false;
            }

            ServerMode mode = SrvrResponse.ParseMode(
                await FourLetterWordClient.TrySendAsync(_port, "srvr", ProbeTimeout, token).ConfigureAwait(false));
            lastStatus = $"srvr mode {mode}";
            if (SrvrResponse.IsServing(mode) && _securePort != 0
                && !await TlsServerSetup.IsListeningAsync(_securePort, ProbeTimeout, token).ConfigureAwait(false))
            {
                // The secure factory starts after the plain one: serving is not enough.
                lastStatus = $"srvr mode {mode}, but nothing listens on secureClientPort {_securePort} yet";
                return false;
            }

            return SrvrResponse.IsServing(mode);
        }, timeout, cancellationToken).ConfigureAwait(false);

        if (process.HasExited)
        {
            throw StartFailure($"the java process exited with code {process.ExitCode}");
        }

        if (!serving)
        {
            throw StartFailure($"it was not serving after {timeout.TotalSeconds:0.#} s (last status: {lastStatus})");
        }

        _hasServed = true;
    }

    /// <summary>Host shutdown, step 1: SIGKILL without waiting (every server is signalled before any waiting happens).</summary>
    internal void SignalKillForHostShutdown()
    {
        int pid = _pid;
        // HasExited guards against signalling a recycled pid after java died on its own.
        if (pid != 0 && _process is { HasExited: false })
        {
            NativeSignals.Send(pid, NativeSignals.SigKill);
        }
    }

    /// <summary>
    /// Host shutdown, step 2: wait briefly for the process to die, then remove the whole root
    /// (for ensemble members that includes the siblings' directories, which die with the host too).
    /// </summary>
    internal void DeleteFilesForHostShutdown()
    {
        int pid = _pid;
        if (pid != 0)
        {
            Polling.Until(() => !ProcStat.TryRead(pid, out char state, out _) || state is 'Z' or 'X', TimeSpan.FromSeconds(1));
        }

        if (!_options.KeepDataDirectory)
        {
            TestDirectories.DeleteQuietly(_rootDirectory);
        }
    }

    private ZooKeeperServerStartException StartFailure(string reason)
    {
        string fullRun = LogTail.Read(LogFilePath, _logOffset, int.MaxValue);
        bool portConflict = fullRun.Contains("Address already in use", StringComparison.Ordinal);
        return new ZooKeeperServerStartException(
            $"{this} did not start: {reason}. Log {LogFilePath} ends with:\n{LogTail.Read(LogFilePath, _logOffset)}",
            LogFilePath, portConflict);
    }

    private void MarkStopped()
    {
        _paused = false;
        _pid = 0;
        ServerRegistry.Unregister(this);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
