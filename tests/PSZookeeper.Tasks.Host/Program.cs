using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Tasks;

namespace PSZookeeper.Tasks.Host;

/// <summary>
/// Runs one farm participant as its own process: for the kill tests (kill -9) and for the demo
/// on machines without PowerShell. Usage:
///   master NAME CONNECT ROOT
///   worker NAME CONNECT ROOT CAPACITY OUTPUT_DIR
///   submit CONNECT ROOT COMMAND...      (submits, waits, prints each result; exit 1 if any failed)
/// Tasks given to its workers are "sleep:MS" (in-process, so a thousand of them stay cheap),
/// "fail" (exit code 1) or any shell command.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("usage: master NAME CONNECT ROOT | worker NAME CONNECT ROOT CAPACITY OUTPUT_DIR | submit CONNECT ROOT COMMAND...");
            return 2;
        }
        if (args[0] == "submit")
        {
            return await SubmitAsync(args[1], args[2], args[3..]);
        }
        var farm = new FarmOptions(args[2], new FarmPaths(args[3]))
        {
            SessionTimeout = TimeSpan.FromSeconds(4),
            Log = line => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}"),
        };
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        try
        {
            if (args[0] == "master")
            {
                await new TaskMaster(farm, args[1]).RunAsync(stop.Token);
            }
            else
            {
                int capacity = int.Parse(args[4], CultureInfo.InvariantCulture);
                await new TaskWorker(farm, args[1], new TestExecutor(), capacity, args[5]).RunAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        return 0;
    }

    private static async Task<int> SubmitAsync(string connect, string root, string[] commands)
    {
        var farm = new FarmOptions(connect, new FarmPaths(root));
        using var client = await PSZookeeper.Client.ZooKeeperClient.ConnectAsync(connect);
        var submitter = new TaskSubmitter(client, farm);
        var ids = new List<string>();
        foreach (string command in commands)
        {
            ids.Add(await submitter.SubmitAsync(new TaskSpec { Command = command, MaxAttempts = 2 }));
        }
        int failed = 0;
        foreach (var (id, command) in ids.Zip(commands))
        {
            TaskStatusRecord status = await submitter.WaitAsync(id, TimeSpan.FromMinutes(2));
            failed += status.State == TaskState.Succeeded ? 0 : 1;
            Console.WriteLine($"{id}  {status.State,-9}  worker={status.Worker}  attempt={status.Attempt}  exit={status.ExitCode}  {command}");
            string text = (status.State == TaskState.Succeeded ? status.Output : status.Error) ?? string.Empty;
            foreach (string line in text.TrimEnd().Split('\n'))
            {
                Console.WriteLine("    " + line);
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private sealed class TestExecutor : ITaskExecutor
    {
        private readonly ShellTaskExecutor _shell = new();

        public async Task<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            string command = context.Spec.Command;
            if (command.StartsWith("sleep:", StringComparison.Ordinal))
            {
                await Task.Delay(int.Parse(command.Substring(6), CultureInfo.InvariantCulture), cancellationToken);
                return new TaskOutcome(0, $"slept {command.Substring(6)} ms", string.Empty);
            }
            if (command == "fail")
            {
                return new TaskOutcome(1, string.Empty, "failed on purpose");
            }
            return await _shell.ExecuteAsync(context, cancellationToken);
        }
    }
}
