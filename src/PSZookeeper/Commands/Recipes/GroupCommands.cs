using System;
using System.Management.Automation;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>Join-ZKGroup: joins a group (an ephemeral member node) and returns the membership.</summary>
    [Cmdlet(VerbsCommon.Join, "ZKGroup")]
    [OutputType(typeof(GroupMembership))]
    public sealed class JoinZKGroupCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        [Alias("Name")]
        public string MemberId { get; set; } = string.Empty;

        /// <summary>The member's data: text, bytes or an object (JSON).</summary>
        [Parameter(Position = 2)]
        [Alias("Value")]
        public object? Data { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            var group = new GroupMembership(session.Client, Path);
            Try(() =>
            {
                Await(group.StartAsync(StopToken));
                Await(group.JoinAsync(MemberId, Encode(Data, false), StopToken));
                RecipeRegistry.Add(RecipeRegistry.Groups, session, Path, group);
                WriteObject(group);
            }, Path);
        }
    }

    /// <summary>Get-ZKGroupMember: the members of a group, read from the server.</summary>
    [Cmdlet(VerbsCommon.Get, "ZKGroupMember")]
    [OutputType(typeof(GroupMember))]
    public sealed class GetZKGroupMemberCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Try(() => WriteObject(Await(new GroupMembership(session.Client, Path).ReadMembersAsync(StopToken)), enumerateCollection: true), Path);
        }
    }

    /// <summary>Exit-ZKGroup: leaves a group joined with Join-ZKGroup.</summary>
    [Cmdlet(VerbsCommon.Exit, "ZKGroup", DefaultParameterSetName = GroupSet)]
    [OutputType(typeof(void))]
    public sealed class ExitZKGroupCommand : ZKCmdlet
    {
        public const string GroupSet = "Group";
        public const string PathSet = "Path";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = GroupSet, ValueFromPipeline = true)]
        public GroupMembership? Group { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ArgumentCompleter(typeof(ZKGroupCompleter))]
        public string Path { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            GroupMembership? group = ParameterSetName == PathSet ? RecipeRegistry.Take(RecipeRegistry.Groups, ResolveSession(), Path) : Group;
            if (group == null)
            {
                WriteError(new ErrorRecord(new ArgumentException($"This session is in no group at {Path}."), "GroupNotJoined", ErrorCategory.ObjectNotFound, Path));
                return;
            }
            foreach (var key in RecipeRegistry.KeysFor(RecipeRegistry.Groups, group))
            {
                RecipeRegistry.Groups.TryRemove(key, out _);
            }
            Try(() =>
            {
                Await(group.LeaveAsync());
                group.Dispose();
            }, group.Path);
        }
    }
}
