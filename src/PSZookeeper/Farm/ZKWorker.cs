using System;
using System.Collections.Generic;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>A live farm worker as Get-ZKWorker shows it: what it registered and how many tasks it holds now.</summary>
    public sealed class ZKWorker
    {
        /// <summary>Creates the view of a worker's registration.</summary>
        public ZKWorker(WorkerInfo info, int running)
        {
            Name = info.Id;
            Host = info.Host;
            Pid = info.Pid;
            Capacity = info.Capacity;
            Running = running;
            Labels = info.Labels.ToArray();
            Started = info.Started.LocalDateTime;
        }

        /// <summary>The worker's name (Start-ZKWorker -Name).</summary>
        public string Name { get; }

        /// <summary>The machine it runs on.</summary>
        public string Host { get; }

        /// <summary>Its process id.</summary>
        public int Pid { get; }

        /// <summary>How many tasks it runs at once.</summary>
        public int Capacity { get; }

        /// <summary>How many tasks are assigned to it now.</summary>
        public int Running { get; }

        /// <summary>What it offers; it runs only tasks whose labels it all has.</summary>
        public IReadOnlyList<string> Labels { get; }

        /// <summary>When it registered (local time).</summary>
        public DateTime Started { get; }
    }
}
