using System.Management.Automation;
using PSZookeeper.Client;

namespace PSZookeeper.Commands
{
    /// <summary>Get-ZKAuth: the identities the server knows this session by (zkCli whoami).</summary>
    [Cmdlet(VerbsCommon.Get, "ZKAuth")]
    [OutputType(typeof(ClientInfo))]
    public sealed class GetZKAuthCommand : ZKCmdlet
    {
        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Try(() => WriteObject(Calls(session).Repeat(null, "WhoAmI", () => session.Client.WhoAmIAsync()), enumerateCollection: true), session);
        }
    }

    /// <summary>Add-ZKAuth: adds credentials to a session (zkCli addauth); they are sent again after every reconnect.</summary>
    [Cmdlet(VerbsCommon.Add, "ZKAuth", DefaultParameterSetName = DigestSet)]
    [OutputType(typeof(ClientInfo))]
    public sealed class AddZKAuthCommand : ZKCmdlet
    {
        private const string DigestSet = "Digest";
        private const string SchemeSet = "Scheme";

        /// <summary>A digest identity: user name and password.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DigestSet)]
        [Credential]
        public PSCredential Credential { get; set; } = PSCredential.Empty;

        /// <summary>Another auth scheme the server has a provider for.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SchemeSet)]
        [ValidateNotNullOrEmpty]
        public string Scheme { get; set; } = string.Empty;

        /// <summary>The scheme's auth data, as text (UTF-8) or bytes.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SchemeSet)]
        public object Auth { get; set; } = string.Empty;

        /// <summary>Return the identities the session has afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Try(() =>
            {
                if (ParameterSetName == DigestSet)
                {
                    Await(session.Client.AddDigestAuthAsync(Credential.UserName, Credential.GetNetworkCredential().Password));
                }
                else
                {
                    Await(session.Client.AddAuthAsync(Scheme, Encode(Auth, asJson: false) ?? new byte[0]));
                }
                if (PassThru)
                {
                    WriteObject(Await(session.Client.WhoAmIAsync()), enumerateCollection: true);
                }
            }, session);
        }
    }
}
