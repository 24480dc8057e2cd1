using System;
using System.Management.Automation;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands.Recipes
{
    internal static class LockAcquisition
    {
        /// <summary>Takes the lock (null and an error on timeout).</summary>
        public static Lease? Acquire(ZKCmdlet cmdlet, ZKSession session, string path, double timeoutSeconds)
        {
            var recipe = new DistributedLock(session.Client, path);
            if (timeoutSeconds < 0)
            {
                return cmdlet.Await(recipe.AcquireAsync(cmdlet.StopToken));
            }
            Lease? lease = cmdlet.Await(recipe.TryAcquireAsync(TimeSpan.FromSeconds(timeoutSeconds), cmdlet.StopToken));
            if (lease == null)
            {
                cmdlet.WriteError(new ErrorRecord(new TimeoutException($"Could not take the lock {path} within {timeoutSeconds} s."),
                    "LockTimeout", ErrorCategory.OperationTimeout, path));
            }
            return lease;
        }
    }
}
