using System;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// <para type="synopsis">Shows the whole farm: the active master and its backups, the workers with their slots, labels and running tasks, the queue by state and priority, the last minute's finishes and failures, and the recurring schedules.</para>
    /// <para type="description">Returns one object (PSZookeeper.Tasks.FarmSnapshot) with a format view. With -Watch it reads the farm again every -RefreshSeconds and redraws the view in place until Ctrl+C; on a host without a screen (a job, a remote or redirected session) it writes each reading to the pipeline instead.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ZKFarm")]
    [OutputType(typeof(FarmSnapshot))]
    public sealed class GetZKFarmCommand : SubmitterCmdlet
    {
        /// <summary>Refresh until Ctrl+C.</summary>
        [Parameter]
        public SwitchParameter Watch { get; set; }

        /// <summary>With -Watch: seconds between readings. Default 2.</summary>
        [Parameter]
        [ValidateRange(0.1, 3600.0)]
        public double RefreshSeconds { get; set; } = 2;

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (!Watch)
            {
                WriteSnapshot();
                return;
            }
            Coordinates? origin = Origin();
            int drawn = 0;
            while (!StopToken.IsCancellationRequested)
            {
                if (origin == null)
                {
                    WriteSnapshot();
                }
                else
                {
                    drawn = Redraw(origin.Value, Read(), drawn);
                }
                StopToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(RefreshSeconds));
            }
        }

        private void WriteSnapshot()
        {
            FarmSnapshot? snapshot = Read();
            if (snapshot != null)
            {
                WriteObject(snapshot);
            }
        }

        private FarmSnapshot? Read()
        {
            try
            {
                return Await(Submitter.GetFarmAsync());
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "FarmNotFound", ErrorCategory.ObjectNotFound, Root));
                return null;
            }
        }

        /// <summary>Where the view is drawn; null when the host has no screen to draw on.</summary>
        private Coordinates? Origin()
        {
            try
            {
                PSHostRawUserInterface? raw = Host.UI.RawUI;
                return raw == null || raw.BufferSize.Width <= 0 ? (Coordinates?)null : raw.CursorPosition;
            }
            catch (Exception ex) when (ex is NotImplementedException || ex is HostException || ex is NotSupportedException || ex is System.IO.IOException)
            {
                return null;
            }
        }

        /// <summary>Draws the formatted snapshot over the previous one; returns how many lines it drew.</summary>
        private int Redraw(Coordinates origin, FarmSnapshot? snapshot, int previousLines)
        {
            Collection<PSObject> text = InvokeCommand.InvokeScript(false, ScriptBlock.Create("$args[0] | Out-String -Width ($Host.UI.RawUI.BufferSize.Width - 1)"), null, snapshot);
            string[] lines = (text.Count > 0 ? text[0].ToString() : string.Empty).TrimEnd().Split('\n');
            PSHostRawUserInterface raw = Host.UI.RawUI;
            int width = raw.BufferSize.Width - 1;
            raw.CursorPosition = origin;
            for (int i = 0; i < Math.Max(lines.Length, previousLines); i++)
            {
                string line = i < lines.Length ? lines[i].TrimEnd('\r') : string.Empty;
                Host.UI.WriteLine(line.Length >= width ? line.Substring(0, width) : line.PadRight(width));
            }
            return lines.Length;
        }
    }
}
