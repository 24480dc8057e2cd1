using System.Management.Automation;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>Get-ZKCounter: a shared counter's value (created with 0 on first use).</summary>
    [Cmdlet(VerbsCommon.Get, "ZKCounter")]
    [OutputType(typeof(long))]
    public sealed class GetZKCounterCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Try(() => WriteObject(Await(new SharedCounter(session.Client, Path).GetAsync(StopToken))), Path);
        }
    }

    /// <summary>Add-ZKCounter: adds to a shared counter atomically (compare-and-set, retried) and outputs the new value.</summary>
    [Cmdlet(VerbsCommon.Add, "ZKCounter")]
    [OutputType(typeof(long))]
    public sealed class AddZKCounterCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>What to add (negative to subtract); default 1.</summary>
        [Parameter(Position = 1)]
        public long Value { get; set; } = 1;

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Try(() => WriteObject(Await(new SharedCounter(session.Client, Path).AddAsync(Value, StopToken))), Path);
        }
    }

    /// <summary>Set-ZKCounter: replaces a shared counter's value.</summary>
    [Cmdlet(VerbsCommon.Set, "ZKCounter", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class SetZKCounterCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        public long Value { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            if (ShouldProcess(Path, $"Set counter to {Value}"))
            {
                Try(() => Await(new SharedCounter(session.Client, Path).SetAsync(Value, StopToken)), Path);
            }
        }
    }
}
