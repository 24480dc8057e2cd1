using System.Management.Automation;

namespace PSZookeeper.Commands
{
    /// <summary>Get-ZKEphemeral: the ephemeral znodes this session owns (zkCli getEphemerals).</summary>
    [Cmdlet(VerbsCommon.Get, "ZKEphemeral")]
    [OutputType(typeof(string))]
    public sealed class GetZKEphemeralCommand : ZKCmdlet
    {
        /// <summary>Only those under this path prefix.</summary>
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = "/";

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Try(() => WriteObject(Calls(session).Repeat(Path, "List ephemerals under", () => session.Client.GetEphemeralsAsync(Path)), enumerateCollection: true), Path);
        }
    }
}
