// The server's ceiling: a client that costs nothing per op. Every request of a workload is
// encoded before the clock starts; one thread writes them, another reads the replies and only
// counts them. Whatever rate this reaches on a workload, no client can beat by much on the same
// server and machine, so it tells a client's deficit (its own cost) from the server's limit.
//
//   dotnet PSZookeeper.Bench.Ceiling.dll --hosts 127.0.0.1:22181 [--n 20000] [--window 1000]
//       [--multi 2000] [--warmup 1] [--workloads create_async,get_async,set_async,delete_async,multi]
//
// Every request the window lets out goes in one write. Same flags and JSON lines as the peers'
// benchmarks (../shared/bench-peers), under the client name "raw-ceiling".
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace PSZookeeper.Bench.Ceiling
{
    internal static class Program
    {
        private const int MultiSize = 10;
        private static readonly byte[] DataCreate = Enumerable.Repeat((byte)'x', 100).ToArray();
        private static readonly byte[] DataSet = Enumerable.Repeat((byte)'y', 100).ToArray();

        private static int Main(string[] args)
        {
            string hosts = "127.0.0.1:22181";
            int n = 20000, window = 1000, multi = 2000, warmup = 1;
            var workloads = new HashSet<string> { "create_async", "get_async", "set_async", "delete_async", "multi" };
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                string v = args[i + 1];
                switch (args[i])
                {
                    case "--hosts": hosts = v.Split(',')[0]; break;
                    case "--n": n = int.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--window": window = int.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--multi": multi = int.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--warmup": warmup = int.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--workloads": workloads = new HashSet<string>(v.Split(',')); break;
                    // The peers' other flags (--sync, --watch, --connect) name workloads this client does not run.
                    default: break;
                }
            }
            using var connection = new RawConnection(hosts, window);
            string id = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            if (warmup > 0)
            {
                Pass(connection, $"/bench-raw-{id}-warmup", n / 10, multi / 10, workloads, print: null);
            }
            Pass(connection, $"/bench-raw-{id}", n, multi, workloads, print: "raw-ceiling");
            return 0;
        }

        private static void Pass(RawConnection c, string parent, int n, int multis, HashSet<string> workloads, string? print)
        {
            c.Run(new[] { Requests.Create(parent, Array.Empty<byte>()) });
            string Child(int i) => parent + "/n" + i.ToString(CultureInfo.InvariantCulture);
            Measure(c, "create_async", Enumerable.Range(0, n).Select(i => Requests.Create(Child(i), DataCreate)), print, workloads);
            if (workloads.Contains("get_async"))
            {
                Measure(c, "get_async", Enumerable.Range(0, n).Select(i => Requests.GetData(Child(i))), print, workloads);
            }
            if (workloads.Contains("set_async"))
            {
                Measure(c, "set_async", Enumerable.Range(0, n).Select(i => Requests.SetData(Child(i), DataSet)), print, workloads);
            }
            Measure(c, "delete_async", Enumerable.Range(0, n).Select(i => Requests.Delete(Child(i))), print, workloads);
            if (workloads.Contains("multi"))
            {
                Measure(c, "multi", Enumerable.Range(0, multis).Select(i =>
                    Requests.MultiCreate(Enumerable.Range(i * MultiSize, MultiSize).Select(Child), DataCreate)), print, workloads);
                c.Run(Enumerable.Range(0, multis * MultiSize).Select(i => Requests.Delete(Child(i))).ToList());
            }
            c.Run(new[] { Requests.Delete(parent) });
        }

        private static void Measure(RawConnection c, string name, IEnumerable<Request> requests, string? client, HashSet<string> workloads)
        {
            List<Request> list = requests.ToList();
            RunResult r = c.Run(list);
            if (client == null || !workloads.Contains(name))
            {
                return;
            }
            double[] ms = r.LatencyTicks.Select(t => t * 1000.0 / Stopwatch.Frequency).OrderBy(x => x).ToArray();
            double seconds = r.WallTicks / (double)Stopwatch.Frequency;
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{{\"client\":\"{0}\",\"workload\":\"{1}\",\"ops\":{2},\"seconds\":{3:0.0000},\"ops_per_s\":{4:0.0},\"p50_ms\":{5:0.000},\"p99_ms\":{6:0.000}}}",
                client, name, list.Count, seconds, list.Count / seconds, ms[ms.Length / 2], ms[Math.Min(ms.Length - 1, ms.Length * 99 / 100)]));
        }
    }
}
