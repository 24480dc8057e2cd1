using System;
using System.Management.Automation;
using PSZookeeper.Client;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// Base of the cmdlets that talk to the farm as a submitter: through a PowerShell session
    /// (Connect-Zookeeper, or -Session), or with -ComputerName through a session of their own for
    /// this one call, opened with the TLS and credential parameters.
    /// </summary>
    public abstract class SubmitterCmdlet : FarmCmdlet
    {
        private TaskSubmitter? _submitter;
        private ZooKeeperClient? _ownClient;

        /// <summary>The session to use; the current session when omitted. Bound as in every session cmdlet (<see cref="Commands.ZKCmdlet.Session"/>).</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ZKClient", "Client")]
        public ZKSession? Session { get; set; }

        /// <summary>Connect to this ensemble (host:port[,...]) for this call instead of using a session.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ComputerName { get; set; }

        /// <summary>
        /// A submitter authenticated with -Credential (or, over TLS, by its client certificate). On
        /// a secured farm it refuses a farm whose nodes are weaker than the model its root states.
        /// </summary>
        protected TaskSubmitter Submitter => _submitter ??= CreateSubmitter();

        /// <inheritdoc/>
        protected override void EndProcessing() => CloseOwnSession();

        /// <inheritdoc/>
        protected override void StopProcessing()
        {
            base.StopProcessing();
            CloseOwnSession();
        }

        /// <summary>The task's status as an object; a non-terminating error when there is no such task.</summary>
        protected ZKTask? Find(string id)
        {
            TaskStatusRecord? status = Await(Submitter.GetStatusAsync(id));
            if (status == null)
            {
                WriteError(new ErrorRecord(new ArgumentException($"There is no task '{id}' in the farm at {Root}."),
                    "TaskNotFound", ErrorCategory.ObjectNotFound, id));
                return null;
            }
            return new ZKTask(id, status);
        }

        private TaskSubmitter CreateSubmitter()
        {
            if (ComputerName != null && Session != null)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Use -Session or -ComputerName, not both."),
                    "SessionAndComputerName", ErrorCategory.InvalidArgument, null));
            }
            FarmOptions farm = Options(ComputerName ?? ResolveSession(Session).ConnectString);
            ZooKeeperClient client;
            if (ComputerName != null)
            {
                client = _ownClient = Await(farm.OpenAsync(StopToken));
            }
            else
            {
                client = ResolveSession(Session).Client;
                if (farm.Tls != null)
                {
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException("TLS settings apply when connecting: pass them with -ComputerName, or to Connect-Zookeeper."),
                        "TlsNeedsComputerName", ErrorCategory.InvalidArgument, null));
                }
                if (farm.Credential != null)
                {
                    Await(client.AddDigestAuthAsync(Credential!.UserName, Credential.GetNetworkCredential().Password));
                }
            }
            var submitter = new TaskSubmitter(client, farm);
            try
            {
                Await(submitter.GetSecurityAsync());
            }
            catch (FarmSecurityException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "FarmAclWeak", ErrorCategory.SecurityError, ex.Path));
            }
            return submitter;
        }

        private void CloseOwnSession()
        {
            ZooKeeperClient? client = _ownClient;
            _ownClient = null;
            client?.Dispose();
        }
    }
}
