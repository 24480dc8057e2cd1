using System;
using System.Linq;
using System.Management.Automation;
using PSZookeeper.Core;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// <para type="synopsis">Registers a recurring schedule: the farm's active master queues the task at each due time of a cron expression.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "ZKSchedule", SupportsShouldProcess = true, DefaultParameterSetName = FromCommand)]
    [OutputType(typeof(ZKSchedule))]
    public sealed class RegisterZKScheduleCommand : TaskTemplateCmdlet
    {
        private const string FromCommand = "Command";
        private const string FromScriptBlock = "ScriptBlock";

        /// <summary>The schedule's name: letters, digits, '.', '_' or '-'.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>When it falls due: 5 cron fields (minute hour day-of-month month day-of-week), or 6 with seconds first.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Cron { get; set; } = string.Empty;

        /// <summary>The time zone the cron fields are read in (an id Get-TimeZone lists); UTC when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TimeZone { get; set; }

        /// <summary>The PowerShell command each task runs.</summary>
        [Parameter(Mandatory = true, Position = 2, ParameterSetName = FromCommand)]
        [ValidateNotNullOrEmpty]
        public string? Command { get; set; }

        /// <summary>The script each task runs (sent as its text, run by a worker).</summary>
        [Parameter(Mandatory = true, ParameterSetName = FromScriptBlock)]
        public ScriptBlock? ScriptBlock { get; set; }

        /// <summary>Replace a schedule of the same name (it first falls due after now).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            string command = Command ?? ScriptBlock!.ToString();
            if (!ShouldProcess($"{Root}/schedules/{Name}", $"{(Force ? "Register or replace" : "Register")} the schedule '{Cron}' running: {command}"))
            {
                return;
            }
            try
            {
                ScheduleInfo schedule = Await(new ScheduleBook(Submitter).RegisterAsync(Name, Cron, TimeZone, Template(command, null), Force, StopToken));
                WriteObject(new ZKSchedule(schedule));
            }
            catch (ArgumentException ex)
            {
                WriteError(new ErrorRecord(ex, "InvalidSchedule", ErrorCategory.InvalidArgument, Name));
            }
            catch (InvalidOperationException ex)
            {
                WriteError(new ErrorRecord(ex, "ScheduleExists", ErrorCategory.ResourceExists, Name));
            }
        }
    }

    /// <summary>
    /// <para type="synopsis">Gets the farm's recurring schedules, with when each fires next and last fired.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ZKSchedule")]
    [OutputType(typeof(ZKSchedule))]
    public sealed class GetZKScheduleCommand : SubmitterCmdlet
    {
        /// <summary>Names (wildcards allowed); every schedule when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            var all = Await(new ScheduleBook(Submitter).ListAsync());
            if (Name == null)
            {
                WriteObject(all.Select(s => new ZKSchedule(s)), enumerateCollection: true);
                return;
            }
            foreach (string name in Name)
            {
                var patterns = new[] { name };
                var found = all.Where(s => NameFilter.Matches(patterns, s.Name)).ToList();
                if (found.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    WriteError(new ErrorRecord(new ArgumentException($"There is no schedule '{name}' in the farm at {Root}."),
                        "ScheduleNotFound", ErrorCategory.ObjectNotFound, name));
                }
                WriteObject(found.Select(s => new ZKSchedule(s)), enumerateCollection: true);
            }
        }
    }

    /// <summary>
    /// <para type="synopsis">Removes recurring schedules from the farm; tasks they queued already stay.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Unregister, "ZKSchedule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    public sealed class UnregisterZKScheduleCommand : SubmitterCmdlet
    {
        /// <summary>The schedules' names; pipe schedules from Get-ZKSchedule.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            var book = new ScheduleBook(Submitter);
            foreach (string name in Name)
            {
                if (!ShouldProcess($"{Root}/schedules/{name}", "Unregister the schedule"))
                {
                    continue;
                }
                try
                {
                    if (!Await(book.UnregisterAsync(name, StopToken)))
                    {
                        WriteError(new ErrorRecord(new ArgumentException($"There is no schedule '{name}' in the farm at {Root}."),
                            "ScheduleNotFound", ErrorCategory.ObjectNotFound, name));
                    }
                }
                catch (ArgumentException ex)
                {
                    WriteError(new ErrorRecord(ex, "InvalidScheduleName", ErrorCategory.InvalidArgument, name));
                }
            }
        }
    }
}
