using System;
using System.Management.Automation;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>
    /// New-ZKCache: keeps a local copy of a node, its children or a subtree, and raises every later
    /// change as a PowerShell event (Wait-Event, Get-Event, Register-EngineEvent -Action).
    /// </summary>
    [Cmdlet(VerbsCommon.New, "ZKCache", DefaultParameterSetName = NodeSet)]
    [OutputType(typeof(ZKCache))]
    public sealed class NewZKCacheCommand : ZKCmdlet
    {
        public const string NodeSet = "Node";
        public const string ChildrenSet = "Children";
        public const string TreeSet = "Tree";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>Cache the node's children (default: the node itself).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ChildrenSet)]
        public SwitchParameter Children { get; set; }

        /// <summary>Cache the subtree.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TreeSet)]
        public SwitchParameter Tree { get; set; }

        /// <summary>With -Tree: how many levels below the root to cache; default all.</summary>
        [Parameter(ParameterSetName = TreeSet)]
        [ValidateRange(0, int.MaxValue)]
        public int Depth { get; set; } = int.MaxValue;

        /// <summary>With -Children or -Tree: keep only Stats, not data.</summary>
        [Parameter(ParameterSetName = ChildrenSet)]
        [Parameter(ParameterSetName = TreeSet)]
        public SwitchParameter NoData { get; set; }

        /// <summary>The events' source identifier; default a new GUID (see the cache's SourceIdentifier).</summary>
        [Parameter]
        public string? SourceIdentifier { get; set; }

        /// <summary>Data attached to every event ($Event.MessageData).</summary>
        [Parameter]
        public PSObject? MessageData { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            ZKCacheKind kind = Children ? ZKCacheKind.Children : Tree ? ZKCacheKind.Tree : ZKCacheKind.Node;
            string source = string.IsNullOrEmpty(SourceIdentifier) ? Guid.NewGuid().ToString() : SourceIdentifier!;
            ZKCache? cache = null;
            if (!Try(() => cache = new ZKCache(session, Path, kind, Depth, !NoData, source, Events, MessageData), Path))
            {
                return;
            }
            bool started = false;
            try
            {
                started = Try(() => Await(cache!.StartAsync(StopToken)), Path);
            }
            finally
            {
                if (!started)
                {
                    cache!.Dispose();
                }
            }
            if (started)
            {
                WriteObject(cache);
            }
        }
    }

    /// <summary>Remove-ZKCache: stops a cache (its watch is removed; events already queued stay queued).</summary>
    [Cmdlet(VerbsCommon.Remove, "ZKCache")]
    [OutputType(typeof(void))]
    public sealed class RemoveZKCacheCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public ZKCache Cache { get; set; } = null!;

        protected override void ProcessRecord() => Cache.Dispose();
    }
}
