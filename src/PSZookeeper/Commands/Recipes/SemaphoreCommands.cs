using System.Management.Automation;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>Enter-ZKSemaphore: takes one of a distributed semaphore's leases; give it back with Exit-ZKSemaphore.</summary>
    [Cmdlet(VerbsCommon.Enter, "ZKSemaphore")]
    [OutputType(typeof(Lease))]
    public sealed class EnterZKSemaphoreCommand : LeaseCmdlet
    {
        /// <summary>How many leases the semaphore gives at once; every user of the path must pass the same.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateRange(1, int.MaxValue)]
        public int Limit { get; set; }

        protected override string What => "semaphore";

        private protected override Leases.Acquirer AcquirerFor(ZKSession session) => Leases.Semaphore(session.Client, Path, Limit);

        private protected override ScriptBlock? Block => null;
    }

    /// <summary>Exit-ZKSemaphore: gives back a lease taken with Enter-ZKSemaphore (by lease or by path).</summary>
    [Cmdlet(VerbsCommon.Exit, "ZKSemaphore", DefaultParameterSetName = LeaseSet)]
    [OutputType(typeof(void))]
    public sealed class ExitZKSemaphoreCommand : LeaseReleaseCommand
    {
        protected override string What => "semaphore";

        protected override string NotHeldErrorId => "SemaphoreNotHeld";
    }

    /// <summary>
    /// Use-ZKSemaphore: runs a script block while holding one of a semaphore's leases, streams its
    /// output as it is produced, stops it if the lease is lost, and always gives the lease back.
    /// </summary>
    [Cmdlet(VerbsOther.Use, "ZKSemaphore")]
    [OutputType(typeof(PSObject))]
    public sealed class UseZKSemaphoreCommand : LeaseCmdlet
    {
        /// <summary>How many leases the semaphore gives at once; every user of the path must pass the same.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateRange(1, int.MaxValue)]
        public int Limit { get; set; }

        [Parameter(Mandatory = true, Position = 2)]
        public ScriptBlock ScriptBlock { get; set; } = null!;

        protected override string What => "semaphore";

        private protected override Leases.Acquirer AcquirerFor(ZKSession session) => Leases.Semaphore(session.Client, Path, Limit);

        private protected override ScriptBlock? Block => ScriptBlock;
    }
}
