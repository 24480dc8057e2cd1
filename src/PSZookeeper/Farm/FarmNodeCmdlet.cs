using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSZookeeper.Client;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>
    /// Base of Start-ZKMaster and Start-ZKWorker: the ensemble, the rest of the farm's trust model
    /// (submit-only identities, world read) and the explicit ACL repair (-RepairAcl, with -WhatIf).
    /// </summary>
    public abstract class FarmNodeCmdlet : FarmCmdlet
    {
        /// <summary>host:port[,host:port...] of the ensemble.</summary>
        [Parameter(Position = 1)]
        [Alias("ConnectString")]
        public string ComputerName { get; set; } = "127.0.0.1:2181";

        /// <summary>
        /// Identities that may only submit, read and cancel: PSCredentials (their digest identity;
        /// the password is not kept), or ZooKeeper ids such as 'digest:alice:&lt;hash&gt;' or 'x509:CN=alice'.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? Submitter { get; set; }

        /// <summary>Let everyone read every farm node (tasks, inputs, outputs). Off by default.</summary>
        [Parameter]
        public SwitchParameter WorldRead { get; set; }

        /// <summary>The farm's default seconds before a failed task's first retry (a task's own -RetryDelaySeconds wins); doubled per attempt, with jitter. Default 1.</summary>
        [Parameter]
        [ValidateRange(0.0, 2000000.0)]
        public double RetryDelaySeconds { get; set; } = 1;

        /// <summary>The farm's default longest wait between attempts, in seconds. Default 300.</summary>
        [Parameter]
        [ValidateRange(0.0, 2000000.0)]
        public double MaxRetryDelaySeconds { get; set; } = 300;

        /// <summary>
        /// The session timeout in seconds (the server clamps it to its bounds). A participant that
        /// stops cleanly (Ctrl+C, SIGTERM, the end of the host) hands over at once; one that is
        /// killed keeps its place (a master its leadership, a worker its tasks) until this expires. Default 10.
        /// </summary>
        [Parameter]
        [ValidateRange(1.0, 3600.0)]
        public double SessionTimeout { get; set; } = 10;

        /// <summary>Repair farm nodes whose ACL is weaker than the model before starting (each confirmed; -WhatIf lists them and starts nothing).</summary>
        [Parameter]
        public SwitchParameter RepairAcl { get; set; }

        /// <summary>The farm options with the trust model; with -RepairAcl, repairs first. Null when -WhatIf stopped here.</summary>
        protected FarmOptions? PrepareFarm()
        {
            FarmOptions farm = Options(ComputerName);
            farm.Submitters = ParseSubmitters();
            farm.WorldRead = WorldRead;
            farm.SessionTimeout = TimeSpan.FromSeconds(SessionTimeout);
            farm.RetryDelay = TimeSpan.FromSeconds(RetryDelaySeconds);
            farm.MaxRetryDelay = TimeSpan.FromSeconds(Math.Max(RetryDelaySeconds, MaxRetryDelaySeconds));
            if (!RepairAcl)
            {
                return farm;
            }
            if (!farm.IsSecured)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-RepairAcl needs the farm identity: -Credential or a TLS client certificate."),
                    "RepairNeedsIdentity", ErrorCategory.InvalidArgument, null));
            }
            IReadOnlyList<WeakNode> weak = Await(FarmAudit.FindWeakNodesAsync(farm, StopToken));
            var confirmed = weak.Where(node => ShouldProcess(node.Path, node.Repair)).ToList();
            if (IsWhatIf())
            {
                return null;
            }
            Await(FarmAudit.RepairAsync(farm, confirmed, StopToken));
            DrainLog();
            return farm;
        }

        /// <summary>-WhatIf given, or inherited through $WhatIfPreference: ShouldProcess only listed, so nothing may start.</summary>
        private bool IsWhatIf() => MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? given)
            ? ((SwitchParameter)given).IsPresent
            : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

        private IReadOnlyList<Id> ParseSubmitters()
        {
            var ids = new List<Id>();
            foreach (object item in Submitter ?? Array.Empty<object>())
            {
                object value = item is PSObject wrapped ? wrapped.BaseObject : item;
                if (value is PSCredential credential)
                {
                    ids.Add(ZooKeeperClient.DigestId(credential.UserName, credential.GetNetworkCredential().Password));
                    continue;
                }
                string text = value?.ToString() ?? string.Empty;
                int colon = text.IndexOf(':');
                if (colon <= 0 || colon == text.Length - 1)
                {
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException($"Submitter '{text}' is neither a PSCredential nor a ZooKeeper id such as 'x509:CN=alice' or 'digest:alice:<hash>'."),
                        "InvalidSubmitter", ErrorCategory.InvalidArgument, text));
                }
                ids.Add(new Id(text.Substring(0, colon), text.Substring(colon + 1)));
            }
            return ids;
        }
    }
}
