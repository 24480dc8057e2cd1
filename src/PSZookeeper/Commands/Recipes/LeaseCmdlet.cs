using System.Management.Automation;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>
    /// Base of the Enter- and Use- cmdlets of locks and semaphores: -Path and -Timeout, taking the
    /// lease, then either keeping it (Enter-) or running a script block while it is held (Use-).
    /// </summary>
    public abstract class LeaseCmdlet : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>Seconds to wait; -1 (default) waits until Ctrl+C.</summary>
        [Parameter]
        [ValidateRange(-1, int.MaxValue)]
        public double Timeout { get; set; } = -1;

        /// <summary>The recipe's name in messages and error ids: lock, semaphore.</summary>
        protected abstract string What { get; }

        /// <summary>The recipe that gives the lease.</summary>
        private protected abstract Leases.Acquirer AcquirerFor(ZKSession session);

        /// <summary>The Use- cmdlet's block; null for an Enter- cmdlet, which outputs the lease.</summary>
        private protected abstract ScriptBlock? Block { get; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Lease? lease = Take(session);
            if (lease == null)
            {
                return;
            }
            if (Block == null)
            {
                RecipeRegistry.Add(RecipeRegistry.Leases, session, Path, lease);
                WriteObject(lease);
            }
            else
            {
                RunHolding(lease, Block);
            }
        }

        /// <summary>Takes the lease; null, with an error written, on a timeout or a failure.</summary>
        private Lease? Take(ZKSession session)
        {
            Lease? lease = null;
            if (!Try(() => lease = Await(AcquirerFor(session)(Leases.TimeoutOf(Timeout), StopToken)), Path))
            {
                return null;
            }
            if (lease == null)
            {
                string id = char.ToUpperInvariant(What[0]) + What.Substring(1) + "Timeout";
                WriteError(Leases.TimedOut(id, What, Path, Timeout));
            }
            return lease;
        }

        /// <summary>Runs the block with $ZKLease while the lease is held; releases it however the block ends.</summary>
        private void RunHolding(Lease lease, ScriptBlock block)
        {
            using (lease)
            {
                if (!LeaseScript.Run(this, block, "ZKLease", lease, lease.LostToken, StopToken))
                {
                    ThrowTerminatingError(Leases.Lost(lease, What));
                }
            }
        }
    }
}
