using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>Use-ZKLock: runs a script block while holding a distributed lock, and always releases it.</summary>
    [Cmdlet(VerbsOther.Use, "ZKLock")]
    [OutputType(typeof(PSObject))]
    public sealed class UseZKLockCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        public ScriptBlock ScriptBlock { get; set; } = null!;

        /// <summary>Seconds to wait for the lock; -1 (default) waits until Ctrl+C.</summary>
        [Parameter]
        [ValidateRange(-1, int.MaxValue)]
        public double Timeout { get; set; } = -1;

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Lease? lease = null;
            try
            {
                lease = LockAcquisition.Acquire(this, session, Path, Timeout);
                if (lease == null)
                {
                    return;
                }
                Collection<PSObject> output = ScriptBlock.InvokeWithContext(null, new List<PSVariable> { new PSVariable("ZKLease", lease) });
                WriteObject(output, enumerateCollection: true);
            }
            finally
            {
                lease?.Dispose();
            }
        }
    }
}
