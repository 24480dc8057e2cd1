using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Tasks;

namespace PSZookeeper.Bench.Farm;

/// <summary>
/// Task-farm benchmark, one JSON line per workload in the peers' format (plus extra fields):
///   farm_tasks           N no-op tasks through 2 masters and 4 workers (capacity 4 each): tasks/s from the
///                        first submission to the last finish (latency fields: ms per task); txn_per_task =
///                        the server's zxid growth from the first submission until retention has removed
///                        every task, per task (submit, assign, finish, cleanup); the CPU time the masters
///                        and the workers used per task
///   farm_idle_latency    one task at a time on the idle farm: submitted to started (p50, p99)
///   pure_multi           the server-bound reference on the same server: 2-op multi transactions
///                        (create + delete), 64 in flight from one client; server_bound_ratio = farm_tasks'
///                        write transactions per second over this rate
///   farm_failover_clean  the active master is stopped cleanly (SIGTERM), then one task is submitted: ms from the
///                        signal until a backup has assigned it (p50, p99 and max over --failovers rounds); bound_ms 1000
///   farm_failover_kill   the same after kill -9 of the active master: the backup waits for the server to expire the
///                        session; bound_ms = the session timeout + 1 s. Both print session_timeout_ms (the masters'
///                        sessions, --session-timeout-ms) and tick_ms (the server's tickTime: it expires sessions
///                        once per tick, so a killed master's session ends up to one tick after its timeout:
///                        server_expiry_bound_ms = session timeout + tick, the latest the server expires a killed master's session)
///   farm_backlog_*       with --backlog N (alone): N no-op tasks queued before any worker starts, then drained
///                        (see Program.Backlog.cs)
/// Bounded: every wait has a limit, and the run stops by itself.
/// A warm-up of 2,000 tasks (--warmup) runs first: the processes compile their code as it first runs.
/// The workers' task folders go under --output (default /dev/shm: see Main).
/// Usage: --hosts 127.0.0.1:22181 --tasks 5000 [--idle 50] [--multis 20000] [--warmup 2000] [--output DIR]
///        [--failovers 5] [--session-timeout-ms 4000]
///        --hosts 127.0.0.1:22181 --backlog 100000 [--output DIR]
/// </summary>
public static partial class Program
{
    private const int RetainSeconds = 5;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private static int _sessionTimeoutMs = 4000;

    public static async Task<int> Main(string[] args)
    {
        string hosts = Arg(args, "--hosts", "127.0.0.1:22181");
        int count = int.Parse(Arg(args, "--tasks", "5000"), CultureInfo.InvariantCulture);
        int idle = int.Parse(Arg(args, "--idle", "50"), CultureInfo.InvariantCulture);
        int multis = int.Parse(Arg(args, "--multis", "20000"), CultureInfo.InvariantCulture);
        int warmup = int.Parse(Arg(args, "--warmup", "2000"), CultureInfo.InvariantCulture);
        int failovers = int.Parse(Arg(args, "--failovers", "5"), CultureInfo.InvariantCulture);
        _sessionTimeoutMs = int.Parse(Arg(args, "--session-timeout-ms", "4000"), CultureInfo.InvariantCulture);
        var paths = new FarmPaths($"/farm-bench-{Environment.ProcessId}");
        int backlog = int.Parse(Arg(args, "--backlog", "0"), CultureInfo.InvariantCulture);
        // The workers keep each task's files (a folder, stdout.txt, stderr.txt, result.json). On this
        // machine's ext4 that costs about 2 ms of kernel CPU per task, more than the farm itself, so
        // they go to tmpfs unless --output names another place.
        string output = Directory.CreateDirectory(Path.Combine(Arg(args, "--output", Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath()),
            $"pszk-farm-bench-{Environment.ProcessId}")).FullName;
        var processes = new Dictionary<string, Process>();
        try
        {
            foreach (string name in new[] { "m1", "m2" })
            {
                processes[name] = Master(name, hosts, paths, Math.Max(count, backlog));
            }
            if (backlog > 0)
            {
                await BacklogAsync(hosts, paths, backlog, processes, output);
                return 0;
            }
            for (int i = 1; i <= 4; i++)
            {
                processes[$"w{i}"] = Host("worker", $"w{i}", hosts, paths.Root, "4", output);
            }
            using var client = await ZooKeeperClient.ConnectAsync(hosts);
            var submitter = new TaskSubmitter(client, new FarmOptions(hosts, paths));
            await WaitUntilAsync(async () => await CountAsync(client, paths.Workers) >= 4 && await client.ExistsAsync(paths.Master) != null, "the farm did not start");
            await submitter.GetSecurityAsync();
            // The processes compile their code as it first runs (tiered JIT): measure a farm that has run a while.
            await RunTasksAsync(client, submitter, paths, warmup);

            double farmTxnPerSecond = await ThroughputAsync(client, submitter, paths, count, processes, output);
            await IdleLatencyAsync(submitter, idle);
            await PureMultiAsync(client, farmTxnPerSecond, multis);
            int tickMs = await TickTimeAsync(hosts);
            await FailoverAsync(client, submitter, paths, processes, hosts, count, failovers, tickMs, "farm_failover_clean", 1000, process => Signal(process, "TERM"));
            await FailoverAsync(client, submitter, paths, processes, hosts, count, failovers, tickMs, "farm_failover_kill", _sessionTimeoutMs + 1000, process => process.Kill());
            return 0;
        }
        finally
        {
            foreach (Process process in processes.Values)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            }
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>
    /// Submits N tasks and waits until all have finished, then until retention has removed them;
    /// returns the farm's write transactions per second. Tasks are counted as they finish by
    /// done/'s cversion (each finished mark's create and its removal add one), so waiting costs the
    /// server one read per poll, not reads per task.
    /// </summary>
    private static async Task<double> ThroughputAsync(ZooKeeperClient client, TaskSubmitter submitter, FarmPaths paths, int count, Dictionary<string, Process> processes, string output)
    {
        Dictionary<string, double> cpuBefore = processes.ToDictionary(p => p.Key, p => CpuMilliseconds(p.Value));
        await WaitUntilAsync(async () => await CountAsync(client, paths.Done) == 0 && await CountAsync(client, paths.Status) == 0, "retention did not remove the warm-up's tasks");
        long zxidBefore = await ZxidAsync(client);
        var clock = Stopwatch.StartNew();
        double submitted = await RunTasksAsync(client, submitter, paths, count);
        double seconds = clock.Elapsed.TotalSeconds;
        double CpuPerTask(char role) => processes.Where(p => p.Key[0] == role).Sum(p => CpuMilliseconds(p.Value) - cpuBefore[p.Key]) / count;
        string cpu = string.Create(CultureInfo.InvariantCulture, $"\"masters_cpu_ms_per_task\":{CpuPerTask('m'):0.000},\"workers_cpu_ms_per_task\":{CpuPerTask('w'):0.000}");
        await WaitUntilAsync(async () => await CountAsync(client, paths.Done) == 0 && await CountAsync(client, paths.Status) == 0, "retention did not remove the finished tasks");
        long transactions = await ZxidAsync(client) - zxidBefore;
        Emit("farm_tasks", count, seconds, new List<double> { seconds * 1000 / count },
            string.Create(CultureInfo.InvariantCulture, $"\"txn_per_task\":{(double)transactions / count:0.00},\"submit_seconds\":{submitted:0.000},{cpu},\"task_files\":\"{Path.GetDirectoryName(output)}\""));
        return transactions / seconds;
    }

    /// <summary>Submits N no-op tasks (500 at a time) and waits until they finished; returns the seconds the submissions took.</summary>
    private static async Task<double> RunTasksAsync(ZooKeeperClient client, TaskSubmitter submitter, FarmPaths paths, int count)
    {
        int finishedBefore = await FinishedAsync(client, paths);
        var clock = Stopwatch.StartNew();
        for (int offset = 0; offset < count; offset += 500)
        {
            int batch = Math.Min(500, count - offset);
            await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => submitter.SubmitAsync(new TaskSpec { Command = "sleep:0" })));
        }
        double submitted = clock.Elapsed.TotalSeconds;
        await WaitUntilAsync(async () => await FinishedAsync(client, paths) - finishedBefore >= count, "the tasks did not finish", TimeSpan.FromMilliseconds(5));
        return submitted;
    }

    /// <summary>How many finished marks done/ has ever had: each create and each removal of a child adds one to its cversion.</summary>
    private static async Task<int> FinishedAsync(ZooKeeperClient client, FarmPaths paths)
    {
        Stat stat = (await client.ExistsAsync(paths.Done))!;
        return (stat.Cversion + stat.NumChildren) / 2;
    }

    private static async Task IdleLatencyAsync(TaskSubmitter submitter, int count)
    {
        var clock = Stopwatch.StartNew();
        var latencies = new List<double>(count);
        for (int i = 0; i < count; i++)
        {
            string id = await submitter.SubmitAsync(new TaskSpec { Command = "sleep:0" });
            TaskStatusRecord status = await submitter.WaitAsync(id, Limit);
            latencies.Add((status.Started!.Value - status.Submitted).TotalMilliseconds);
        }
        Emit("farm_idle_latency", count, clock.Elapsed.TotalSeconds, latencies);
    }

    /// <summary>The server's bound: 2-op multis (create + delete of one node) from one client, 64 in flight.</summary>
    private static async Task PureMultiAsync(ZooKeeperClient client, double farmTxnPerSecond, int count)
    {
        string root = $"/multi-bench-{Environment.ProcessId}";
        await client.CreateAsync(root, null, Ids.OpenAclUnsafe);
        var clock = Stopwatch.StartNew();
        int next = 0;
        async Task RunAsync()
        {
            for (int i = Interlocked.Increment(ref next); i <= count; i = Interlocked.Increment(ref next))
            {
                string path = $"{root}/n{i}";
                await client.MultiAsync(new[] { Op.Create(path, null, Ids.OpenAclUnsafe), Op.Delete(path) });
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => RunAsync()));
        double seconds = clock.Elapsed.TotalSeconds;
        await client.DeleteAsync(root);
        Emit("pure_multi", count, seconds, new List<double> { seconds * 1000 / count },
            string.Create(CultureInfo.InvariantCulture, $"\"server_bound_ratio\":{farmTxnPerSecond / (count / seconds):0.000}"));
    }

    /// <summary>
    /// Rounds of: a third master joins (so a backup remains whatever happens), the active master is stopped,
    /// one task is submitted, and the time from the stop until a backup has assigned it is taken.
    /// </summary>
    private static async Task FailoverAsync(ZooKeeperClient client, TaskSubmitter submitter, FarmPaths paths, Dictionary<string, Process> processes,
        string hosts, int count, int rounds, int tickMs, string workload, int boundMs, Action<Process> stop)
    {
        var latencies = new List<double>(rounds);
        var total = Stopwatch.StartNew();
        for (int round = 0; round < rounds; round++)
        {
            string joining = $"m-{workload}-{round + 1}";
            processes[joining] = Master(joining, hosts, paths, count);
            // The stopped master of the last round is gone from the election: its backup leads only once its node is.
            await WaitUntilAsync(async () => await CountAsync(client, paths.Election) >= 3, $"master {joining} did not campaign");
            string active = Encoding.UTF8.GetString((await client.GetDataAsync(paths.Master)).Data!);
            var clock = Stopwatch.StartNew();
            stop(processes[active]);
            string id = await submitter.SubmitAsync(new TaskSpec { Command = "sleep:0" });
            await WaitUntilAsync(async () => (await submitter.GetStatusAsync(id))!.State != TaskState.Queued, "no backup master assigned the task", TimeSpan.FromMilliseconds(2));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            processes[active].WaitForExit();
            processes.Remove(active);
        }
        Emit(workload, rounds, total.Elapsed.TotalSeconds, latencies,
            string.Create(CultureInfo.InvariantCulture, $"\"max_ms\":{latencies.Max():0.000},\"bound_ms\":{boundMs},\"session_timeout_ms\":{_sessionTimeoutMs},\"tick_ms\":{tickMs},\"server_expiry_bound_ms\":{_sessionTimeoutMs + tickMs}"));
    }

    /// <summary>The server's tickTime, from the four-letter word "conf".</summary>
    private static async Task<int> TickTimeAsync(string hosts)
    {
        string[] first = hosts.Split(',')[0].Split(':');
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(first[0], int.Parse(first[1], CultureInfo.InvariantCulture));
        await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes("conf"));
        string conf = await new StreamReader(tcp.GetStream(), Encoding.ASCII).ReadToEndAsync();
        string? line = conf.Split('\n').FirstOrDefault(l => l.StartsWith("tickTime=", StringComparison.Ordinal));
        return line == null ? -1 : int.Parse(line.Substring("tickTime=".Length).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The server's last zxid, as the replies to a sync and a read (no writes) report it.</summary>
    private static async Task<long> ZxidAsync(ZooKeeperClient client)
    {
        await client.SyncAsync("/");
        await client.ExistsAsync("/");
        return client.LastZxid;
    }

    /// <summary>CPU time (user + system) a process has used, from /proc (clock ticks of 10 ms).</summary>
    private static double CpuMilliseconds(Process process)
    {
        string[] fields = File.ReadAllText($"/proc/{process.Id}/stat").Split(") ")[1].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    private static async Task<int> CountAsync(ZooKeeperClient client, string path) =>
        (await client.ExistsAsync(path))?.NumChildren ?? 0;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure, TimeSpan? poll = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Limit)
            {
                throw new TimeoutException(failure);
            }
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(50));
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        values.Sort();
        return values[Math.Max(0, (int)Math.Ceiling(p / 100 * values.Count) - 1)];
    }

    private static void Emit(string workload, int ops, double seconds, List<double> latenciesMs, string extra = "")
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"client\":\"pszookeeper-farm-0.2.0\",\"workload\":\"{workload}\",\"ops\":{ops},\"seconds\":{seconds:0.0000},\"ops_per_s\":{ops / seconds:0.0},\"p50_ms\":{Percentile(latenciesMs, 50):0.000},\"p99_ms\":{Percentile(latenciesMs, 99):0.000}{(extra.Length > 0 ? "," + extra : "")}}}"));
    }

    /// <summary>A master that keeps finished tasks a few seconds (the throughput phase waits for their removal to count its transactions).</summary>
    private static Process Master(string name, string hosts, FarmPaths paths, int count) =>
        Host("master", name, hosts, paths.Root, RetainSeconds.ToString(CultureInfo.InvariantCulture), (count + 1000).ToString(CultureInfo.InvariantCulture));

    private static void Signal(Process process, string signal) =>
        Process.Start("kill", new[] { "-" + signal, process.Id.ToString(CultureInfo.InvariantCulture) })!.WaitForExit();

    private static Process Host(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "tests", "PSZookeeper.Tasks.Host", "bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "PSZookeeper.Tasks.Host.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["PSZK_SESSION_TIMEOUT_MS"] = _sessionTimeoutMs.ToString(CultureInfo.InvariantCulture);
        start.ArgumentList.Add(Path.GetFullPath(dll));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data != null && e.Data.StartsWith("memory ", StringComparison.Ordinal) && MemoryReplies.TryRemove(process.Id, out TaskCompletionSource<string>? reply))
            {
                reply.TrySetResult(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Arg(string[] args, string name, string fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
