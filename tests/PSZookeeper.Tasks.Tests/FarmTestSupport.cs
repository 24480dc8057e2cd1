using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Tasks.Tests
{
    [CollectionDefinition("farm-standalone")]
    public sealed class FarmStandaloneCollection : ICollectionFixture<StandaloneServerFixture>
    {
    }

    [CollectionDefinition("farm-ensemble")]
    public sealed class FarmEnsembleCollection : ICollectionFixture<EnsembleFixture>
    {
    }

    /// <summary>Runs masters and workers in this process for one test, each on its own session, and stops them afterwards.</summary>
    internal sealed class InProcessFarm : IAsyncDisposable
    {
        private readonly List<(CancellationTokenSource Stop, Task Run)> _running = new();

        public InProcessFarm(string connectString)
        {
            Options = new FarmOptions(connectString, new FarmPaths($"/farm-{Guid.NewGuid():N}"))
            {
                SessionTimeout = TimeSpan.FromSeconds(4),
                Log = OnLog,
            };
            OutputRoot = Directory.CreateTempSubdirectory("pszk-farm-").FullName;
        }

        public FarmOptions Options { get; }

        public string OutputRoot { get; }

        public ConcurrentQueue<string> Log { get; } = new();

        private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _logWaits = new();

        /// <summary>The first log line (from now or earlier) containing <paramref name="text"/>, within the bounded wait.</summary>
        public Task<string> LogLineAsync(string text)
        {
            TaskCompletionSource<string> wait = _logWaits.GetOrAdd(text, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
            foreach (string line in Log.Where(line => line.Contains(text, StringComparison.Ordinal)))
            {
                wait.TrySetResult(line);
            }
            return wait.Task.Within();
        }

        private void OnLog(string line)
        {
            Log.Enqueue(line);
            foreach (var wait in _logWaits.Where(w => line.Contains(w.Key, StringComparison.Ordinal)))
            {
                wait.Value.TrySetResult(line);
            }
        }

        public TaskMaster StartMaster(string name)
        {
            var master = new TaskMaster(Options, name);
            Start(master.RunAsync);
            return master;
        }

        /// <summary>Starts a master and returns what stops it (a clean stop: Ctrl+C, SIGTERM).</summary>
        public CancellationTokenSource StartStoppableMaster(string name) => Start(new TaskMaster(Options, name).RunAsync);

        /// <summary>Starts a master and returns how its run ended (for participants expected to refuse the farm).</summary>
        public Task StartMasterRun(string name) => Runs(Start(new TaskMaster(Options, name).RunAsync));

        public CancellationTokenSource StartWorker(string name, ITaskExecutor executor, int capacity = 1, params string[] labels)
        {
            var worker = new TaskWorker(Options, name, executor, capacity, OutputRoot, labels);
            return Start(worker.RunAsync);
        }

        /// <summary>
        /// A worker that reaches ZooKeeper through <paramref name="proxy"/>, by default with a 2 s
        /// session, so blocking the proxy really expires its session while it still runs its task.
        /// </summary>
        public CancellationTokenSource StartWorkerThrough(TcpProxy proxy, string name, ITaskExecutor executor, TimeSpan? sessionTimeout = null)
        {
            var options = new FarmOptions(proxy.ConnectString, Options.Paths) { SessionTimeout = sessionTimeout ?? TimeSpan.FromSeconds(2), Log = Options.Log };
            return Start(new TaskWorker(options, name, executor, 1, OutputRoot).RunAsync);
        }

        public async Task<ZooKeeperClient> ConnectAsync() => await ZooKeeperClient.ConnectAsync(Options.ConnectString);

        public async ValueTask DisposeAsync()
        {
            foreach (var (stop, _) in _running)
            {
                stop.Cancel();
            }
            foreach (var (_, run) in _running)
            {
                await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(15)));
            }
            Directory.Delete(OutputRoot, recursive: true);
        }

        private Task Runs(CancellationTokenSource stop) => _running.Single(r => r.Stop == stop).Run;

        private CancellationTokenSource Start(Func<CancellationToken, Task> run)
        {
            var stop = new CancellationTokenSource();
            _running.Add((stop, Task.Run(() => run(stop.Token))));
            return stop;
        }
    }

    /// <summary>Test executor: "sleep:MS", "fail", "echo:TEXT", "block" (waits until released or cancelled).</summary>
    internal sealed class ScriptedExecutor : ITaskExecutor
    {
        private readonly TaskCompletionSource<bool> _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<string> Started { get; } = new();

        /// <summary>Each attempt's start (+1) and end (-1), in the order they happened.</summary>
        public ConcurrentQueue<(string TaskId, int Change)> Transitions { get; } = new();

        /// <summary>When each attempt started, in order.</summary>
        public ConcurrentQueue<(string TaskId, DateTimeOffset At)> StartedAt { get; } = new();

        /// <summary>Every command this executor was handed, in order.</summary>
        public ConcurrentQueue<string> Commands { get; } = new();

        public TaskCompletionSource<string> FirstBlocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Released once for each "block" task that starts blocking.</summary>
        public SemaphoreSlim Blocked { get; } = new(0);

        public int Running;

        public int MaxRunning;

        public void Release() => _release.TrySetResult(true);

        public async Task<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            Started.Enqueue(context.TaskId);
            StartedAt.Enqueue((context.TaskId, DateTimeOffset.UtcNow));
            Commands.Enqueue(context.Spec.Command);
            Transitions.Enqueue((context.TaskId, 1));
            int now = Interlocked.Increment(ref Running);
            InterlockedMax(ref MaxRunning, now);
            try
            {
                string command = context.Spec.Command;
                if (command.StartsWith("sleep:", StringComparison.Ordinal))
                {
                    await Task.Delay(int.Parse(command.Substring(6)), cancellationToken);
                    return new TaskOutcome(0, "slept", "");
                }
                if (command.StartsWith("echo:", StringComparison.Ordinal))
                {
                    return new TaskOutcome(0, command.Substring(5), "");
                }
                if (command == "block")
                {
                    FirstBlocked.TrySetResult(context.TaskId);
                    Blocked.Release();
                    var cancelled = new TaskCompletionSource<bool>();
                    using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
                    {
                        await Task.WhenAny(_release.Task, cancelled.Task);
                    }
                    cancellationToken.ThrowIfCancellationRequested();
                    return new TaskOutcome(0, "released", "");
                }
                return new TaskOutcome(1, "", $"failed on purpose: {command}");
            }
            finally
            {
                Interlocked.Decrement(ref Running);
                Transitions.Enqueue((context.TaskId, -1));
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    internal static class Bounded
    {
        public static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

        public static async Task Within(this Task task, TimeSpan? limit = null)
        {
            await ((Func<Task<bool>>)(async () => { await task; return true; }))().Within(limit);
        }

        public static async Task<T> Within<T>(this Task<T> task, TimeSpan? limit = null)
        {
            TimeSpan timeout = limit ?? Long;
            if (await Task.WhenAny(task, Task.Delay(timeout)) != task)
            {
                throw new TimeoutException($"not done within {timeout.TotalSeconds:0} s");
            }
            return await task;
        }
    }
}

namespace PSZookeeper.Tasks.Tests
{
    internal static class Nodes
    {
        /// <summary>Waits (on exists watches, bounded) until the node exists or is gone.</summary>
        public static async Task WaitUntilAsync(ZooKeeperClient client, string path, bool exists)
        {
            while (true)
            {
                var changed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                if ((await client.ExistsAsync(path, _ => changed.TrySetResult(true)) != null) == exists)
                {
                    return;
                }
                await changed.Task.Within();
            }
        }

        /// <summary>Waits (on data watches, bounded) until the node holds <paramref name="text"/> (UTF-8).</summary>
        public static async Task WaitForTextAsync(ZooKeeperClient client, string path, string text, TimeSpan? within = null)
        {
            while (true)
            {
                var changed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                Stat? stat = await client.ExistsAsync(path, _ => changed.TrySetResult(true));
                if (stat != null && System.Text.Encoding.UTF8.GetString((await client.GetDataAsync(path)).Data ?? Array.Empty<byte>()) == text)
                {
                    return;
                }
                await changed.Task.Within(within);
            }
        }
    }
}
