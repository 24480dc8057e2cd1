using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>A master or worker running in its own process (the test host), so it can be killed with kill -9.</summary>
    internal sealed class FarmProcess : IDisposable
    {
        private readonly Process _process;

        private FarmProcess(string name, Process process)
        {
            Name = name;
            _process = process;
        }

        public string Name { get; }

        public int Pid => _process.Id;

        public bool HasExited => _process.HasExited;

        public ConcurrentQueue<string> Output { get; } = new();

        public static FarmProcess Start(string name, params string[] args)
        {
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            var start = new ProcessStartInfo(dotnet)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(HostDll());
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }
            var process = new Process { StartInfo = start };
            var farmProcess = new FarmProcess(name, process);
            process.OutputDataReceived += (_, e) => { if (e.Data != null) farmProcess.Output.Enqueue(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) farmProcess.Output.Enqueue("stderr: " + e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return farmProcess;
        }

        /// <summary>kill -9: no cleanup, its session lingers until the server expires it.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        /// <summary>The host is built next to this test assembly's sibling project (a build dependency of this project).</summary>
        private static string HostDll()
        {
            string here = AppContext.BaseDirectory;
            string config = new DirectoryInfo(here).Parent!.Name;
            for (DirectoryInfo? dir = new DirectoryInfo(here); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "PSZookeeper.Tasks.Host", "bin", config, "net10.0", "PSZookeeper.Tasks.Host.dll");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new FileNotFoundException("PSZookeeper.Tasks.Host.dll was not built; build tests/PSZookeeper.Tasks.Host first.");
        }
    }
}
