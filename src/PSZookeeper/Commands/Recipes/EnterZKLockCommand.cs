using System.Management.Automation;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>Enter-ZKLock: takes a distributed lock (exclusive, read or write) and returns its lease; release it with Exit-ZKLock.</summary>
    [Cmdlet(VerbsCommon.Enter, "ZKLock")]
    [OutputType(typeof(Lease))]
    public sealed class EnterZKLockCommand : LeaseCmdlet
    {
        /// <summary>Exclusive (default), or the Read or Write side of a read/write lock.</summary>
        [Parameter]
        public ZKLockMode Mode { get; set; } = ZKLockMode.Exclusive;

        protected override string What => "lock";

        private protected override Leases.Acquirer AcquirerFor(ZKSession session) => Leases.Lock(session.Client, Path, Mode);

        private protected override ScriptBlock? Block => null;
    }

    /// <summary>Exit-ZKLock: releases a lock taken with Enter-ZKLock (by lease or by path).</summary>
    [Cmdlet(VerbsCommon.Exit, "ZKLock", DefaultParameterSetName = LeaseSet)]
    [OutputType(typeof(void))]
    public sealed class ExitZKLockCommand : LeaseReleaseCommand
    {
        protected override string What => "lock";

        protected override string NotHeldErrorId => "LockNotHeld";
    }
}
