using System;
using System.Management.Automation;
using PSZookeeper.Tasks;

namespace PSZookeeper.Farm
{
    /// <summary>Base of the cmdlets that talk to the farm through a PowerShell session (Connect-Zookeeper).</summary>
    public abstract class SubmitterCmdlet : FarmCmdlet
    {
        private TaskSubmitter? _submitter;

        /// <summary>The session to use; the current session when omitted.</summary>
        [Parameter]
        [Alias("ZKClient", "Client")]
        public ZKSession? Session { get; set; }

        /// <summary>A submitter on the session, authenticated with -Credential when given.</summary>
        protected TaskSubmitter Submitter
        {
            get
            {
                if (_submitter == null)
                {
                    ZKSession session = ResolveSession(Session);
                    if (Credential != null)
                    {
                        Await(session.Client.AddDigestAuthAsync(Credential.UserName, Credential.GetNetworkCredential().Password));
                    }
                    _submitter = new TaskSubmitter(session.Client, new FarmOptions(session.ConnectString, new FarmPaths(Root), Security));
                }
                return _submitter;
            }
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
    }
}
