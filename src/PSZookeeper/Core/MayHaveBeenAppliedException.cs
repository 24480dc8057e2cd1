using System;

namespace PSZookeeper.Core
{
    /// <summary>
    /// A write whose outcome is unknown: the connection was lost after the request may have
    /// reached the server, and what a retry (if any) found cannot tell whether it was applied.
    /// Its error id is MayHaveBeenApplied; the message names the operation and what to check.
    /// </summary>
    internal sealed class MayHaveBeenAppliedException : Exception
    {
        public MayHaveBeenAppliedException(string subject, string why, Exception inner)
            : base($"{subject}: the connection was lost before the reply came, so it may have been applied; {why}.", inner)
        {
        }
    }
}
