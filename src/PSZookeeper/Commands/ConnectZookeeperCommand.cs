using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// Connect-Zookeeper: opens a session (made current, bound to $zkclient). With -Action, runs
    /// the Action and then keeps the session, running PowerShell event actions, until it ends;
    /// after a session expiry it reconnects and runs the Action again. An Action that outputs
    /// "completed" ends the loop and closes the session; -PassThru returns after the first run
    /// and keeps the session and its watches.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Zookeeper", DefaultParameterSetName = ConnectSet)]
    [OutputType(typeof(ZKSession))]
    public sealed class ConnectZookeeperCommand : ZKConnectingCmdlet
    {
        public const string ConnectSet = "Connect";
        public const string ClientVariable = "zkclient";

        private ConnectionSecurity? _security;

        [Parameter(Position = 0)]
        [Alias("Server", "ConnectString")]
        [ValidateNotNullOrEmpty]
        public string[] ComputerName { get; set; } = { "127.0.0.1:2181" };

        [Parameter(Position = 1)]
        public ScriptBlock? Action { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Session timeout in seconds (the server clamps it).</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public double SessionTimeout { get; set; } = 10;

        /// <summary>How long to wait for the first connection, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public double ConnectTimeout { get; set; } = 15;

        /// <summary>Seconds between attempts when the Action loop cannot connect.</summary>
        [Parameter]
        [ValidateRange(0.1, 3600)]
        public double RetryInterval { get; set; } = 2;

        protected override void EndProcessing()
        {
            EventBridge.RemoveStale(Events, JobRepository);
            _security = ConnectionSecurity;
            WarnAboutClearPassword(_security);
            string name = Name ?? Registry.NextName();
            if (Action == null)
            {
                ZKSession session = Open(name);
                WriteObject(session);
                return;
            }
            RunLoop(name);
        }

        private void RunLoop(string name)
        {
            ZKSession? session = null;
            bool keep = false;
            try
            {
                while (true)
                {
                    session = StopToken.IsCancellationRequested ? throw new PipelineStoppedException() : OpenForLoop(name);
                    LoopStep step = RunAction(session);
                    if (step == LoopStep.Completed)
                    {
                        return;
                    }
                    if (PassThru)
                    {
                        keep = true;
                        WriteObject(session);
                        return;
                    }
                    if (step == LoopStep.Failed)
                    {
                        EndSession(session);
                        Pump(RetryInterval);
                        continue;
                    }
                    WaitForSessionEnd(session);
                    ClientState state = session.State;
                    if (state == ClientState.Closed)
                    {
                        return; // closed on purpose (Disconnect-Zookeeper)
                    }
                    if (state == ClientState.AuthFailed)
                    {
                        ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("ZooKeeper rejected the credentials."),
                            "AuthFailed", ErrorCategory.AuthenticationError, session));
                    }
                    WriteWarning($"ZooKeeper session {session.SessionIdHex} {state.ToString().ToLowerInvariant()}; reconnecting and running the Action again.");
                    EndSession(session);
                }
            }
            finally
            {
                if (session != null && !keep)
                {
                    EndSession(session);
                }
            }
        }

        private enum LoopStep
        {
            Continue,
            Completed,
            Failed,
        }

        private LoopStep RunAction(ZKSession session)
        {
            Collection<PSObject> output;
            try
            {
                var variables = new List<PSVariable> { new PSVariable(ClientVariable, session) };
                output = Action!.InvokeWithContext(null, variables);
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (RuntimeException ex)
            {
                WriteError(new ErrorRecord(ex.ErrorRecord, ex));
                return LoopStep.Failed;
            }
            bool completed = false;
            foreach (PSObject item in output)
            {
                if (item != null && CompletedMarker.IsCompleted(item))
                {
                    completed = true;
                    continue;
                }
                WriteObject(item);
            }
            return completed ? LoopStep.Completed : LoopStep.Continue;
        }

        private ZKSession OpenForLoop(string name)
        {
            while (true)
            {
                try
                {
                    return Open(name);
                }
                catch (ZooKeeperException ex) when (ex.IsTransient || ex is SessionExpiredException)
                {
                    WriteWarning($"Cannot connect to {string.Join(",", ComputerName)} ({ex.Message}); retrying in {RetryInterval} s.");
                    Pump(RetryInterval);
                }
            }
        }

        private ZKSession Open(string name)
        {
            var options = new ZooKeeperClientOptions
            {
                SessionTimeout = TimeSpan.FromSeconds(SessionTimeout),
                ConnectTimeout = TimeSpan.FromSeconds(ConnectTimeout),
                Tls = _security!.ToTlsOptions(),
            };
            string connectString = string.Join(",", ComputerName);
            ZKSession session;
            try
            {
                session = Await(ZKSession.OpenAsync(name, connectString, options, StopToken));
                if (Credential != null)
                {
                    Await(session.Client.AddDigestAuthAsync(Credential.UserName, Credential.GetNetworkCredential().Password));
                }
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "InvalidConnectString", ErrorCategory.InvalidArgument, connectString));
                throw;
            }
            catch (ZooKeeperException ex) when (Action == null || PassThru)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "ConnectFailed", ErrorCategory.ConnectionError, connectString));
                throw;
            }
            EventBridge.Attach(session, Events);
            ZKSession? replaced = Registry.Add(session);
            if (replaced != null)
            {
                EventBridge.UnsubscribeSession(Events, JobRepository, replaced);
                replaced.Close();
            }
            SessionState.PSVariable.Set(ClientVariable, session);
            SessionState.PSVariable.Set("global:" + ClientVariable, session);
            WriteVerbose($"Connected to {session.Server} as session {session.SessionIdHex} ('{session.Name}').");
            return session;
        }

        private void EndSession(ZKSession session)
        {
            // While the pipeline stops, PowerShell cannot drain a subscription's pending actions
            // (UnsubscribeEvent would spin): just silence the watchers; the subscriptions of the
            // closed session are removed by the next ZooKeeper cmdlet (EventBridge.RemoveStale).
            if (!Stopping)
            {
                EventBridge.UnsubscribeSession(Events, JobRepository, session);
            }
            session.Close();
            Registry.Remove(session);
        }

        /// <summary>Blocks until the session ends, letting PowerShell run event actions meanwhile.</summary>
        private void WaitForSessionEnd(ZKSession session)
        {
            while (!session.IsTerminal)
            {
                Pump(1);
            }
        }

        /// <summary>
        /// Waits while the engine runs pending event actions: PowerShell runs them between script
        /// statements, a couple at a time, so a short-sleep script loop keeps a burst of events
        /// moving (Wait-Event runs only a few per second). Ctrl+C stops the loop at once.
        /// </summary>
        private void Pump(double seconds)
        {
            if (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            InvokeCommand.InvokeScript(PumpScript, seconds);
        }

        internal const string PumpScript =
            "param($seconds) $end = [DateTime]::UtcNow.AddSeconds($seconds); " +
            "while ([DateTime]::UtcNow -lt $end) { [System.Threading.Thread]::Sleep(5) }";
    }
}
