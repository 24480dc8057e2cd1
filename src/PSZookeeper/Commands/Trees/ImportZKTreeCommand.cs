using System;
using System.IO;
using System.Management.Automation;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Core;
using PSZookeeper.Core.Trees;

namespace PSZookeeper.Commands.Trees
{
    /// <summary>
    /// Import-ZKTree: creates the nodes of an Export-ZKTree file under a path (the exported path by
    /// default), level by level; -Force merges into an existing tree, overwriting data (and ACLs
    /// when the file has them).
    /// </summary>
    [Cmdlet(VerbsData.Import, "ZKTree", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZKNode))]
    public sealed class ImportZKTreeCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string FilePath { get; set; } = string.Empty;

        /// <summary>Where the tree's root goes; the path it was exported from when omitted.</summary>
        [Parameter(Position = 1)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Import into an existing tree, overwriting the data of nodes that exist.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            string file = GetUnresolvedProviderPathFromPSPath(FilePath);
            ZKTreeFile tree;
            try
            {
                using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read))
                {
                    tree = TreeJson.Read(stream);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ex is InvalidDataException ? "InvalidExportFile" : "CannotReadFile",
                    ex is InvalidDataException ? ErrorCategory.InvalidData : ErrorCategory.ReadError, file));
                return;
            }
            string destination = Path ?? tree.ExportedFrom;
            Try(() =>
            {
                ZNodePath.Validate(destination);
                if (!Force && Await(session.Client.ExistsAsync(destination)) != null)
                {
                    throw ZooKeeperException.Create(ErrorCode.NodeExists, destination,
                        "the destination exists; -Force imports into it, overwriting the data of nodes that exist");
                }
                if (!ShouldProcess(destination, $"Import {tree.Entries.Count} znodes from {file}"))
                {
                    return;
                }
                int written = TreeWriter.Write(this, session.Client, destination, tree.Entries, Force, createParents: true, "Importing " + file);
                WriteVerbose($"Imported {written} znodes from {file} to {destination}.");
                if (PassThru)
                {
                    NodeData root = Await(session.Client.GetDataAsync(destination));
                    WriteObject(ToNode(destination, root.Data, root.Stat, session, DataFormat.Text));
                }
            }, destination);
        }
    }
}
