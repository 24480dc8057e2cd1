using System;
using System.Collections.Generic;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>A recurring schedule as PowerShell sees it (Get-ZKSchedule, Register-ZKSchedule).</summary>
    public sealed class ZKSchedule
    {
        /// <summary>Creates the view of a schedule read from the farm.</summary>
        public ZKSchedule(ScheduleInfo schedule)
        {
            ScheduleRecord record = schedule.Record;
            Name = schedule.Name;
            Cron = record.Cron;
            TimeZone = record.TimeZone ?? "UTC";
            Command = record.Task.Command;
            Priority = record.Task.Priority;
            Labels = record.Task.Labels?.ToArray() ?? Array.Empty<string>();
            CreatedBy = record.CreatedBy;
            Registered = record.Registered.LocalDateTime;
            LastFired = record.LastFired?.LocalDateTime;
            NextDue = schedule.NextDue?.LocalDateTime;
            Task = record.Task;
        }

        /// <summary>The schedule's name (root/schedules/&lt;name&gt;).</summary>
        public string Name { get; }

        /// <summary>The cron expression.</summary>
        public string Cron { get; }

        /// <summary>The time zone its fields are read in.</summary>
        public string TimeZone { get; }

        /// <summary>The PowerShell command each of its tasks runs.</summary>
        public string Command { get; }

        /// <summary>Its tasks' priority.</summary>
        public int Priority { get; }

        /// <summary>Labels a worker needs to run its tasks.</summary>
        public IReadOnlyList<string> Labels { get; }

        /// <summary>Who registered it (its tasks' SubmittedBy).</summary>
        public string? CreatedBy { get; }

        /// <summary>When it was registered or last replaced.</summary>
        public DateTime Registered { get; }

        /// <summary>The due time it last queued a task for (local time); empty before its first.</summary>
        public DateTime? LastFired { get; }

        /// <summary>The due time the active master queues a task for next (local time); in the past when one was missed and no master has caught up yet.</summary>
        public DateTime? NextDue { get; }

        /// <summary>The task template as stored.</summary>
        public TaskSpec Task { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{Name} ({Cron})";
    }
}
