using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Tasks;

namespace PSZookeeper.Tasks.Host;

/// <summary>
/// Runs one farm participant as its own process, for the kill tests (kill -9) and the farm bench. Usage:
///   master NAME CONNECT ROOT [RETAIN_SECONDS RETAIN_COUNT]
///   worker NAME CONNECT ROOT CAPACITY OUTPUT_DIR [LABEL,...]
/// SIGTERM and Ctrl+C stop it cleanly (a master gives its leadership up at once, a worker hands its tasks back).
/// The session timeout is 4 s, or PSZK_SESSION_TIMEOUT_MS (the farm bench sets it and reports it).
/// With its input redirected, it answers the line "memory" with
/// "memory heap=BYTES working_set=BYTES" (the managed heap after a full collection), for the bench.
/// Tasks given to its workers are "sleep:MS" (in-process, so a thousand of them stay cheap) or
/// "fail" (exit code 1).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("usage: master NAME CONNECT ROOT | worker NAME CONNECT ROOT CAPACITY OUTPUT_DIR");
            return 2;
        }
        var farm = new FarmOptions(args[2], new FarmPaths(args[3]))
        {
            SessionTimeout = TimeSpan.FromMilliseconds(int.Parse(Environment.GetEnvironmentVariable("PSZK_SESSION_TIMEOUT_MS") ?? "4000", CultureInfo.InvariantCulture)),
            Log = line => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}"),
        };
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        // SIGTERM: stop like Ctrl+C and let Main return, so the session is closed, not left to expire.
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        if (Console.IsInputRedirected)
        {
            _ = Task.Run(AnswerMemoryQueriesAsync);
        }
        try
        {
            if (args[0] == "master")
            {
                if (args.Length >= 6)
                {
                    farm.Retention = new TaskRetention
                    {
                        MaxAge = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture)),
                        MaxCount = int.Parse(args[5], CultureInfo.InvariantCulture),
                    };
                }
                await new TaskMaster(farm, args[1]).RunAsync(stop.Token);
            }
            else
            {
                int capacity = int.Parse(args[4], CultureInfo.InvariantCulture);
                string[] labels = args.Length >= 7 ? args[6].Split(',') : Array.Empty<string>();
                await new TaskWorker(farm, args[1], new TestExecutor(), capacity, args[5], labels).RunAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        return 0;
    }

    private static async Task AnswerMemoryQueriesAsync()
    {
        string? line;
        while ((line = await Console.In.ReadLineAsync()) != null)
        {
            if (line == "memory")
            {
                long heap = GC.GetTotalMemory(forceFullCollection: true);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory heap={heap} working_set={Environment.WorkingSet}"));
            }
        }
    }

    private sealed class TestExecutor : ITaskExecutor
    {
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
            return new TaskOutcome(2, string.Empty, $"unknown test command: {command}");
        }
    }
}
