using System;
using System.Collections.Generic;
using System.Management.Automation;
using PSZookeeper.Core;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>Start-ZKElection: joins a leader election and returns it; -Wait blocks until this session leads.</summary>
    [Cmdlet(VerbsLifecycle.Start, "ZKElection")]
    [OutputType(typeof(LeaderElection))]
    public sealed class StartZKElectionCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>Data stored in this candidate's node (e.g. the host name).</summary>
        [Parameter]
        [Alias("Data")]
        public string? CandidateData { get; set; }

        /// <summary>Wait until this candidate leads.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Seconds to wait with -Wait; -1 waits until Ctrl+C.</summary>
        [Parameter]
        public double Timeout { get; set; } = -1;

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            var options = new LeaderElectionOptions { CandidateData = CandidateData == null ? null : DataCodec.EncodeText(CandidateData) };
            var election = new LeaderElection(session.Client, Path, options);
            Try(() =>
            {
                Await(election.StartAsync(StopToken));
                RecipeRegistry.Add(RecipeRegistry.Elections, session, Path, election);
                if (Wait)
                {
                    TimeSpan timeout = Timeout < 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Timeout);
                    Await(election.WaitForLeadershipAsync(timeout, StopToken));
                }
                WriteObject(election);
            }, Path);
        }
    }

    /// <summary>Stop-ZKElection: leaves an election (ending a term as leader).</summary>
    [Cmdlet(VerbsLifecycle.Stop, "ZKElection", DefaultParameterSetName = ElectionSet)]
    [OutputType(typeof(void))]
    public sealed class StopZKElectionCommand : ZKCmdlet
    {
        public const string ElectionSet = "Election";
        public const string PathSet = "Path";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ElectionSet, ValueFromPipeline = true)]
        public LeaderElection? Election { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ArgumentCompleter(typeof(ZKElectionCompleter))]
        public string Path { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            LeaderElection? election = ParameterSetName == PathSet ? RecipeRegistry.Take(RecipeRegistry.Elections, ResolveSession(), Path) : Election;
            if (election == null)
            {
                WriteError(new ErrorRecord(new ArgumentException($"This session runs no election at {Path}."), "ElectionNotFound", ErrorCategory.ObjectNotFound, Path));
                return;
            }
            foreach (var key in RecipeRegistry.KeysFor(RecipeRegistry.Elections, election))
            {
                RecipeRegistry.Elections.TryRemove(key, out _);
            }
            Try(() => Await(election.StopAsync()), election.Path);
        }
    }

    /// <summary>Get-ZKLeader: the current leader and candidates of an election.</summary>
    [Cmdlet(VerbsCommon.Get, "ZKLeader")]
    [OutputType(typeof(ZKLeaderInfo))]
    public sealed class GetZKLeaderCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Try(() =>
            {
                IReadOnlyList<string> candidates;
                // A reader only: disposed at once so it leaves no subscription behind.
                using (var reader = new LeaderElection(session.Client, Path))
                {
                    candidates = Await(reader.GetCandidatesAsync(StopToken));
                }
                string? data = null;
                if (candidates.Count > 0)
                {
                    try
                    {
                        data = DataCodec.DecodeText(Await(session.Client.GetDataAsync(Path.TrimEnd('/') + "/" + candidates[0])).Data);
                    }
                    catch (PSZookeeper.Client.Errors.NoNodeException)
                    {
                        // The leader just left.
                    }
                }
                WriteObject(new ZKLeaderInfo(Path, candidates, data));
            }, Path);
        }
    }
}
