using System.Management.Automation;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>Enter-ZKLock: takes a distributed lock and returns its lease; release it with Exit-ZKLock.</summary>
    [Cmdlet(VerbsCommon.Enter, "ZKLock")]
    [OutputType(typeof(Lease))]
    public sealed class EnterZKLockCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>Seconds to wait; -1 (default) waits until Ctrl+C.</summary>
        [Parameter]
        [ValidateRange(-1, int.MaxValue)]
        public double Timeout { get; set; } = -1;

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Lease? lease = LockAcquisition.Acquire(this, session, Path, Timeout);
            if (lease != null)
            {
                RecipeRegistry.Add(RecipeRegistry.Leases, session, Path, lease);
                WriteObject(lease);
            }
        }
    }

    /// <summary>Exit-ZKLock: releases a lock taken with Enter-ZKLock (by lease or by path).</summary>
    [Cmdlet(VerbsCommon.Exit, "ZKLock", DefaultParameterSetName = LeaseSet)]
    [OutputType(typeof(void))]
    public sealed class ExitZKLockCommand : ZKCmdlet
    {
        public const string LeaseSet = "Lease";
        public const string PathSet = "Path";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = LeaseSet, ValueFromPipeline = true)]
        public Lease? Lease { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            Lease? lease = Lease;
            if (ParameterSetName == PathSet)
            {
                lease = RecipeRegistry.Take(RecipeRegistry.Leases, ResolveSession(), Path);
                if (lease == null)
                {
                    WriteError(new ErrorRecord(new System.ArgumentException($"This session holds no lock at {Path}."), "LockNotHeld", ErrorCategory.ObjectNotFound, Path));
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
