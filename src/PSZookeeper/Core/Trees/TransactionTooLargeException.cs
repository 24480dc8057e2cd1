using System;

namespace PSZookeeper.Core.Trees
{
    /// <summary>A copy or move refused because the subtree does not fit in one transaction.</summary>
    internal sealed class TransactionTooLargeException : InvalidOperationException
    {
        public TransactionTooLargeException(string message) : base(message)
        {
        }
    }
}
