using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Tasks;

namespace PSZookeeper.Bench.Farm;

/// <summary>
/// Task-farm benchmark, one JSON line per workload in the peers' format:
///   farm_tasks     N no-op tasks through 2 masters and 4 workers (capacity 4 each): ops/s end to end,
///                  latency = submitted to finished per task
///   farm_failover  kill -9 of the active master, then one task: seconds until the backup assigns it
/// Usage: --hosts 127.0.0.1:22181 --tasks 10000
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        string hosts = Arg(args, "--hosts", "127.0.0.1:22181");
        int count = int.Parse(Arg(args, "--tasks", "10000"), CultureInfo.InvariantCulture);
        var paths = new FarmPaths($"/farm-bench-{Environment.ProcessId}");
        string output = Directory.CreateTempSubdirectory("pszk-farm-bench-").FullName;
        var processes = new Dictionary<string, Process>();
        try
        {
            foreach (string name in new[] { "m1", "m2" })
            {
                processes[name] = Host("master", name, hosts, paths.Root);
            }
            for (int i = 1; i <= 4; i++)
            {
                processes[$"w{i}"] = Host("worker", $"w{i}", hosts, paths.Root, "4", output);
            }
            using var client = await ZooKeeperClient.ConnectAsync(hosts);
            var submitter = new TaskSubmitter(client, new FarmOptions(hosts, paths));
            await WaitForWorkersAsync(client, paths, 4);

            await ThroughputAsync(client, submitter, paths, count);
            await FailoverAsync(client, submitter, paths, processes);
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

    private static async Task ThroughputAsync(ZooKeeperClient client, TaskSubmitter submitter, FarmPaths paths, int count)
    {
        var clock = Stopwatch.StartNew();
        var ids = new List<string>(count);
        for (int offset = 0; offset < count; offset += 500)
        {
            int batch = Math.Min(500, count - offset);
            ids.AddRange(await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => submitter.SubmitAsync(new TaskSpec { Command = "sleep:0" }))));
        }
        var latencies = new List<double>(count);
        foreach (string id in ids)
        {
            TaskStatusRecord status = await submitter.WaitAsync(id, TimeSpan.FromMinutes(10));
            if (status.State != TaskState.Succeeded)
            {
                throw new InvalidOperationException($"{id} ended {status.State}: {status.Error}");
            }
            latencies.Add((status.Finished!.Value - status.Submitted).TotalMilliseconds);
        }
        Emit("farm_tasks", count, clock.Elapsed.TotalSeconds, latencies);
    }

    private static async Task FailoverAsync(ZooKeeperClient client, TaskSubmitter submitter, FarmPaths paths, Dictionary<string, Process> processes)
    {
        string active = Encoding.UTF8.GetString((await client.GetDataAsync(paths.Master)).Data!);
        var clock = Stopwatch.StartNew();
        processes[active].Kill();
        string id = await submitter.SubmitAsync(new TaskSpec { Command = "sleep:0" });
        while ((await submitter.GetStatusAsync(id))!.State == TaskState.Queued)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException("the backup master never assigned the task");
            }
            await Task.Delay(5);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        Emit("farm_failover", 1, seconds, new List<double> { seconds * 1000 });
    }

    private static async Task WaitForWorkersAsync(ZooKeeperClient client, FarmPaths paths, int count)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await client.GetChildrenAsync(paths.Workers)).Count >= count)
                {
                    return;
                }
            }
            catch (PSZookeeper.Client.Errors.NoNodeException)
            {
                // Not created yet.
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException("the workers did not register");
            }
            await Task.Delay(50);
        }
    }

    private static void Emit(string workload, int ops, double seconds, List<double> latenciesMs)
    {
        latenciesMs.Sort();
        double Percentile(double p) => latenciesMs[Math.Max(0, (int)Math.Ceiling(p / 100 * latenciesMs.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"client\":\"pszookeeper-farm-0.1.0\",\"workload\":\"{workload}\",\"ops\":{ops},\"seconds\":{seconds:0.0000},\"ops_per_s\":{ops / seconds:0.0},\"p50_ms\":{Percentile(50):0.000},\"p99_ms\":{Percentile(99):0.000}}}"));
    }

    private static Process Host(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "tests", "PSZookeeper.Tasks.Host", "bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "PSZookeeper.Tasks.Host.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.GetFullPath(dll));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
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
