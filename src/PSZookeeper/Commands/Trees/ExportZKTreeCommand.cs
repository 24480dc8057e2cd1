using System.IO;
using System.Management.Automation;
using PSZookeeper.Core.Trees;

namespace PSZookeeper.Commands.Trees
{
    /// <summary>Export-ZKTree: writes a subtree to a JSON file (docs/tree-export.md), data byte-exact; ephemeral nodes are left out with a warning.</summary>
    [Cmdlet(VerbsData.Export, "ZKTree", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportZKTreeCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string FilePath { get; set; } = string.Empty;

        /// <summary>Also export each node's ACL.</summary>
        [Parameter]
        public SwitchParameter IncludeAcl { get; set; }

        /// <summary>Refuse to overwrite an existing file.</summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            string file = GetUnresolvedProviderPathFromPSPath(FilePath);
            Try(() =>
            {
                if (NoClobber && File.Exists(file))
                {
                    throw new IOException($"{file} exists and -NoClobber was given.");
                }
                if (!ShouldProcess(file, $"Export znode tree {Path}"))
                {
                    return;
                }
                ZKTreeSnapshot snapshot = TreeReader.Read(this, session.Client, Path, -1, IncludeAcl, "Exporting " + Path);
                if (snapshot.SkippedEphemerals.Count > 0)
                {
                    WriteWarning($"Left out {snapshot.SkippedEphemerals.Count} ephemeral node(s), which belong to their session; the file lists them under skippedEphemerals.");
                }
                using (var stream = new FileStream(file, FileMode.Create, FileAccess.Write))
                {
                    TreeJson.Write(stream, snapshot, IncludeAcl);
                }
                WriteVerbose($"Exported {snapshot.Entries.Count} znodes from {Path} to {file}.");
                if (PassThru)
                {
                    WriteObject(new FileInfo(file));
                }
            }, Path);
        }
    }
}
