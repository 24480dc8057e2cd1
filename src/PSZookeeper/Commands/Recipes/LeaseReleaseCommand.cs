using System.Management.Automation;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>The Exit- cmdlets of leases: release by lease (piped) or by the path it was taken at.</summary>
    public abstract class LeaseReleaseCommand : ZKCmdlet
    {
        public const string LeaseSet = "Lease";
        public const string PathSet = "Path";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = LeaseSet, ValueFromPipeline = true)]
        public Lease? Lease { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ArgumentCompleter(typeof(ZKHeldLeaseCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>The recipe's name in errors: lock, semaphore.</summary>
        protected abstract string What { get; }

        /// <summary>The error id when the session holds nothing at -Path.</summary>
        protected abstract string NotHeldErrorId { get; }

        protected override void ProcessRecord()
        {
            Lease? lease = Lease;
            if (ParameterSetName == PathSet)
            {
                lease = RecipeRegistry.Take(RecipeRegistry.Leases, ResolveSession(), Path);
                if (lease == null)
                {
                    WriteError(new ErrorRecord(new System.ArgumentException($"This session holds no {What} at {Path}."), NotHeldErrorId, ErrorCategory.ObjectNotFound, Path));
                    return;
                }
            }
            else
            {
                foreach (var key in RecipeRegistry.KeysFor(RecipeRegistry.Leases, lease!))
                {
                    RecipeRegistry.Leases.TryRemove(key, out _);
                }
            }
            Try(() => Await(lease!.ReleaseAsync()), lease!.NodePath);
        }
    }
}
