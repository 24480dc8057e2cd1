// PSZookeeper client benchmark: the same workloads, flags and JSON-line output as the peer
// benchmarks in ../shared/bench-peers (JavaBench.java, kazoo_bench.py, c_bench.c); see their README.
//
//   dotnet PSZookeeper.Bench.dll --hosts 127.0.0.1:22181 [--n 20000] [--window 1000] [--sync 5000]
//       [--watch 2000] [--connect 200] [--multi 2000] [--warmup 1] [--workloads create_async,get_async,...]
//
// Nothing but the result lines goes to stdout; any failed op makes the process exit non-zero.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;

namespace PSZookeeper.Bench
{
    internal static class Program
    {
        private static readonly string[] All =
        {
            "create_async", "get_async", "set_async", "get_sync_latency", "watch_latency", "connect", "delete_async", "multi",
        };

        private static readonly byte[] DataCreate = Fill(100, (byte)'x');
        private static readonly byte[] DataSet = Fill(100, (byte)'y');
        private static readonly TimeSpan OpTimeout = TimeSpan.FromSeconds(60);
        private const int MultiSize = 10;

        private static string _hosts = "127.0.0.1:22181";
        private static int _n = 20000, _window = 1000, _syncN = 5000, _watchN = 2000, _connectN = 200, _multiN = 2000;
        private static readonly string ClientName = "pszookeeper-" + ClientVersion();

        private static int Main(string[] args)
        {
            try
            {
                var selected = new List<string>(All);
                int warmup = 1;
                for (int i = 0; i + 1 < args.Length; i += 2)
                {
                    string v = args[i + 1];
                    switch (args[i])
                    {
                        case "--hosts": _hosts = v; break;
                        case "--n": _n = int.Parse(v, CultureInfo.InvariantCulture); break;
                        case "--window": _window = int.Parse(v, CultureInfo.InvariantCulture); break;
                        case "--sync": _syncN = int.Parse(v, CultureInfo.InvariantCulture); break;
                        case "--watch": _watchN = int.Parse(v, CultureInfo.InvariantCulture); break;
                        case "--connect": _connectN = int.Parse(v, CultureInfo.InvariantCulture); break;
                        case "--multi": _multiN = int.Parse(v, CultureInfo.InvariantCulture); break;
                        case "--warmup": warmup = int.Parse(v, CultureInfo.InvariantCulture); break;
                        case "--workloads": selected = v.Split(',').Distinct().ToList(); break;
                        default: throw new ArgumentException("unknown option " + args[i]);
                    }
                }
                if (args.Length % 2 != 0)
                {
                    throw new ArgumentException("option " + args[args.Length - 1] + " needs a value");
                }
                if (selected.Any(w => !All.Contains(w)))
                {
                    throw new ArgumentException("workloads must be among " + string.Join(",", All));
                }
                var sel = new HashSet<string>(selected);
                using (ZooKeeperClient zk = Connect())
                {
                    if (warmup > 0)
                    {
                        Pass(zk, sel, 10, print: false); // JIT warm-up at 1/10 size, not reported
                    }
                    Pass(zk, sel, 1, print: true);
                }
                return 0;
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine("pszookeeper bench failed: " + ex);
                return 1;
            }
        }

        private static byte[] Fill(int length, byte value)
        {
            var bytes = new byte[length];
            bytes.AsSpan().Fill(value);
            return bytes;
        }

        private static string ClientVersion()
        {
            Assembly assembly = typeof(ZooKeeperClient).Assembly;
            string? version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString(3);
            return (version ?? "0.0.0").Split('+', '-')[0];
        }

        // ---- result / stats ---------------------------------------------------------------------

        private static double TicksToSeconds(long ticks) => ticks / (double)Stopwatch.Frequency;

        /// <summary>Bytes allocated by the whole process so far (every thread: callers, reader, pool).</summary>
        private static long AllocatedBytes() => GC.GetTotalAllocatedBytes(precise: true);

        /// <summary>One result line; <c>alloc_b_per_op</c> (ours only) is the process's allocation per op over the workload, benchmark loop included.</summary>
        private static void Emit(string workload, int ops, long wallTicks, long[] latencyTicks, long allocatedBytes)
        {
            long[] sorted = (long[])latencyTicks.Clone();
            Array.Sort(sorted);
            double seconds = TicksToSeconds(wallTicks);
            string line = "{\"client\":\"" + ClientName + "\",\"workload\":\"" + workload + "\",\"ops\":"
                + ops.ToString(CultureInfo.InvariantCulture)
                + ",\"seconds\":" + seconds.ToString("F4", CultureInfo.InvariantCulture)
                + ",\"ops_per_s\":" + (ops / seconds).ToString("F1", CultureInfo.InvariantCulture)
                + ",\"p50_ms\":" + (TicksToSeconds(Percentile(sorted, 50)) * 1e3).ToString("F3", CultureInfo.InvariantCulture)
                + ",\"p99_ms\":" + (TicksToSeconds(Percentile(sorted, 99)) * 1e3).ToString("F3", CultureInfo.InvariantCulture)
                + ",\"alloc_b_per_op\":" + (allocatedBytes / ops).ToString(CultureInfo.InvariantCulture)
                + "}";
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }

        /// <summary>Nearest-rank percentile of a sorted array.</summary>
        private static long Percentile(long[] sorted, double p)
        {
            int rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
            return sorted[Math.Max(0, Math.Min(sorted.Length - 1, rank - 1))];
        }

        // ---- sessions ---------------------------------------------------------------------------

        private static readonly ZooKeeperClientOptions Options = new ZooKeeperClientOptions
        {
            SessionTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = OpTimeout,
        };

        private static ZooKeeperClient Connect() => ZooKeeperClient.ConnectAsync(_hosts, Options).GetAwaiter().GetResult();

        private static T Wait<T>(Task<T> task, string what)
        {
            if (!task.Wait(OpTimeout))
            {
                throw new TimeoutException(what);
            }
            return task.Result;
        }

        private static void Wait(Task task, string what)
        {
            if (!task.Wait(OpTimeout))
            {
                throw new TimeoutException(what);
            }
            task.GetAwaiter().GetResult();
        }

        // ---- pipelined async runner -------------------------------------------------------------

        /// <summary>
        /// At most N ops outstanding. A plain monitor wait, like the peers' semaphores (Java's parks, C's
        /// condition variable): SemaphoreSlim would spin with sched_yield on every full window, taking CPU
        /// from the server this benchmark shares two cores with.
        /// </summary>
        private sealed class Window
        {
            private readonly object _gate = new object();
            private int _free;

            public Window(int size) => _free = size;

            public bool Acquire(TimeSpan timeout)
            {
                lock (_gate)
                {
                    while (_free == 0)
                    {
                        if (!Monitor.Wait(_gate, timeout))
                        {
                            return false;
                        }
                    }
                    _free--;
                    return true;
                }
            }

            public void Release()
            {
                lock (_gate)
                {
                    if (_free++ == 0)
                    {
                        Monitor.Pulse(_gate);
                    }
                }
            }
        }

        /// <summary>Per-run bookkeeping: a window of slots, per-op start and latency, the first error.</summary>
        private sealed class Done
        {
            public readonly Window Slots;
            public readonly CountdownEvent All;
            public readonly long[] Start;
            public readonly long[] Latency;
            public int Errors;
            public Exception? FirstError;

            public Done(int count, int window)
            {
                Slots = new Window(window);
                All = new CountdownEvent(count);
                Start = new long[count];
                Latency = new long[count];
            }

            public void Complete(int i, Task task)
            {
                Latency[i] = Stopwatch.GetTimestamp() - Start[i];
                if (task.IsFaulted || task.IsCanceled)
                {
                    if (Interlocked.Increment(ref Errors) == 1)
                    {
                        FirstError = task.Exception?.GetBaseException() ?? new TaskCanceledException(task);
                    }
                }
                Slots.Release();
                All.Signal();
            }
        }

        /// <summary>The completion of one op: records it in <see cref="Done"/>. One small object per op, as the peers' callbacks.</summary>
        private sealed class Completion
        {
            private readonly Done _done;
            private readonly int _index;
            private readonly Task _task;

            public Completion(Done done, int index, Task task)
            {
                _done = done;
                _index = index;
                _task = task;
            }

            public void Run() => _done.Complete(_index, _task);
        }

        /// <summary>Issues count ops with at most window outstanding; returns the wall time in ticks.</summary>
        private static long RunAsync(string name, int count, Func<int, Task> issue, bool print)
        {
            var done = new Done(count, _window);
            long allocated0 = AllocatedBytes();
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++)
            {
                if (!done.Slots.Acquire(OpTimeout))
                {
                    throw new TimeoutException(name);
                }
                done.Start[i] = Stopwatch.GetTimestamp();
                Task task = issue(i);
                task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(new Completion(done, i, task).Run);
            }
            if (!done.All.Wait(OpTimeout))
            {
                throw new TimeoutException(name);
            }
            long wall = Stopwatch.GetTimestamp() - t0;
            if (done.Errors > 0)
            {
                throw new InvalidOperationException($"{name}: {done.Errors} errors, first {done.FirstError?.GetType().Name}: {done.FirstError?.Message}", done.FirstError);
            }
            if (print)
            {
                Emit(name, count, wall, done.Latency, AllocatedBytes() - allocated0);
            }
            return wall;
        }

        // ---- workloads --------------------------------------------------------------------------

        private static string Child(string parent, int i) => parent + "/n" + i.ToString(CultureInfo.InvariantCulture);

        private static void CreateAsync(ZooKeeperClient zk, string p, int count, bool print) =>
            RunAsync("create_async", count, i => zk.CreateAsync(Child(p, i), DataCreate, Ids.OpenAclUnsafe, CreateMode.Persistent), print);

        private static void GetAsync(ZooKeeperClient zk, string p, int count, bool print) =>
            RunAsync("get_async", count, i => zk.GetDataAsync(Child(p, i)), print);

        private static void SetAsync(ZooKeeperClient zk, string p, int count, bool print) =>
            RunAsync("set_async", count, i => zk.SetDataAsync(Child(p, i), DataSet, -1), print);

        private static void DeleteAsync(ZooKeeperClient zk, string p, int count, bool print) =>
            RunAsync("delete_async", count, i => zk.DeleteAsync(Child(p, i), -1), print);

        private static void MultiAsync(ZooKeeperClient zk, string p, int count, bool print) =>
            RunAsync("multi", count, i =>
            {
                var ops = new List<Op>(MultiSize);
                for (int j = 0; j < MultiSize; j++)
                {
                    ops.Add(Op.Create(Child(p, i * MultiSize + j), DataCreate, Ids.OpenAclUnsafe, CreateMode.Persistent));
                }
                return zk.MultiAsync(ops);
            }, print);

        private static void GetSync(ZooKeeperClient zk, string p, int count, int nodes, bool print)
        {
            var latency = new long[count];
            long allocated0 = AllocatedBytes();
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++)
            {
                long s = Stopwatch.GetTimestamp();
                Wait(zk.GetDataAsync(Child(p, i % nodes)), "get_sync_latency");
                latency[i] = Stopwatch.GetTimestamp() - s;
            }
            if (print)
            {
                Emit("get_sync_latency", count, Stopwatch.GetTimestamp() - t0, latency, AllocatedBytes() - allocated0);
            }
        }

        /// <summary>B holds a one-shot data watch; A does setData; latency = A's issue -> B's watcher.</summary>
        private static void WatchLatency(ZooKeeperClient a, string p, int rounds, bool print)
        {
            string path = p + "/watched";
            Wait(a.CreateAsync(path, DataCreate, Ids.OpenAclUnsafe, CreateMode.Persistent), "create watched");
            using (ZooKeeperClient b = Connect())
            {
                using (var fired = new BlockingCollection<long>(4))
                {
                    Action<WatchedEvent> watcher = e =>
                    {
                        if (e.Type == EventType.NodeDataChanged)
                        {
                            fired.TryAdd(Stopwatch.GetTimestamp());
                        }
                    };
                    var latency = new long[rounds];
                    long allocated0 = AllocatedBytes();
                    long t0 = Stopwatch.GetTimestamp();
                    for (int i = 0; i < rounds; i++)
                    {
                        Wait(b.GetDataAsync(path, watcher), "arm watch"); // the watch is registered when this returns
                        long s = Stopwatch.GetTimestamp();
                        Wait(a.SetDataAsync(path, DataSet, -1), "set watched");
                        if (!fired.TryTake(out long t, OpTimeout))
                        {
                            throw new TimeoutException("watch event " + i);
                        }
                        latency[i] = t - s;
                    }
                    if (print)
                    {
                        Emit("watch_latency", rounds, Stopwatch.GetTimestamp() - t0, latency, AllocatedBytes() - allocated0);
                    }
                }
            }
            Wait(a.DeleteAsync(path, -1), "delete watched");
        }

        private static void ConnectLatency(int count, bool print)
        {
            var latency = new long[count];
            long allocated0 = AllocatedBytes();
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++)
            {
                long s = Stopwatch.GetTimestamp();
                ZooKeeperClient zk = Connect();
                latency[i] = Stopwatch.GetTimestamp() - s;
                zk.Dispose();
            }
            if (print)
            {
                Emit("connect", count, Stopwatch.GetTimestamp() - t0, latency, AllocatedBytes() - allocated0);
            }
        }

        // ---- driver -----------------------------------------------------------------------------

        /// <summary>One pass over the selected workloads; counts are divided by div for warm-up.</summary>
        private static void Pass(ZooKeeperClient zk, HashSet<string> sel, int div, bool print)
        {
            string p = "/bench-pszookeeper-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + (print ? "" : "-warmup");
            int nn = Math.Max(1, _n / div);
            Wait(zk.CreateAsync(p, Array.Empty<byte>(), Ids.OpenAclUnsafe, CreateMode.Persistent), "create parent");
            // create and delete always run so the tree is in the right state; they print only if selected.
            CreateAsync(zk, p, nn, print && sel.Contains("create_async"));
            if (sel.Contains("get_async")) GetAsync(zk, p, nn, print);
            if (sel.Contains("set_async")) SetAsync(zk, p, nn, print);
            if (sel.Contains("get_sync_latency")) GetSync(zk, p, Math.Max(1, _syncN / div), nn, print);
            if (sel.Contains("watch_latency")) WatchLatency(zk, p, Math.Max(1, _watchN / div), print);
            if (sel.Contains("connect")) ConnectLatency(Math.Max(1, _connectN / div), print);
            DeleteAsync(zk, p, nn, print && sel.Contains("delete_async"));
            if (sel.Contains("multi"))
            {
                int m = Math.Max(1, _multiN / div);
                MultiAsync(zk, p, m, print);
                DeleteAsync(zk, p, m * MultiSize, false); // untimed cleanup
            }
            Wait(zk.DeleteAsync(p, -1), "delete parent");
        }
    }
}
