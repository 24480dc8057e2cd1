using System.Management.Automation;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>
    /// Use-ZKLock: runs a script block while holding a distributed lock (exclusive, read or write),
    /// streams its output as it is produced, stops it if the lock is lost, and always releases it.
    /// </summary>
    [Cmdlet(VerbsOther.Use, "ZKLock")]
    [OutputType(typeof(PSObject))]
    public sealed class UseZKLockCommand : LeaseCmdlet
    {
        [Parameter(Mandatory = true, Position = 1)]
        public ScriptBlock ScriptBlock { get; set; } = null!;

        /// <summary>Exclusive (default), or the Read or Write side of a read/write lock.</summary>
        [Parameter]
        public ZKLockMode Mode { get; set; } = ZKLockMode.Exclusive;

        protected override string What => "lock";

        private protected override Leases.Acquirer AcquirerFor(ZKSession session) => Leases.Lock(session.Client, Path, Mode);

        private protected override ScriptBlock? Block => ScriptBlock;
    }
}
