using System;

namespace PSZookeeper.Recipes
{
    /// <summary>Base type of the errors the recipes report themselves (server errors keep their client types).</summary>
    public abstract class RecipeException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">What went wrong.</param>
        /// <param name="path">The recipe's znode, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        protected RecipeException(string message, string? path, Exception? inner)
            : base(message, inner)
        {
            Path = path;
        }

        /// <summary>The recipe's znode, or null.</summary>
        public string? Path { get; }
    }

    /// <summary>A recipe's wait (lock, lease, barrier) did not succeed within its timeout.</summary>
    public sealed class RecipeTimeoutException : TimeoutException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The recipe's znode.</param>
        /// <param name="timeout">The timeout that passed.</param>
        public RecipeTimeoutException(string path, TimeSpan timeout)
            : base($"Timed out after {timeout.TotalSeconds:0.###} s waiting on {path}.")
        {
            Path = path;
            Timeout = timeout;
        }

        /// <summary>The recipe's znode.</summary>
        public string Path { get; }

        /// <summary>The timeout that passed.</summary>
        public TimeSpan Timeout { get; }
    }

    /// <summary>
    /// A node the recipe owns (a contender, a lease, a claim) was deleted by someone else while the
    /// session was still alive, so the recipe's position is gone.
    /// </summary>
    public sealed class RecipeNodeRemovedException : RecipeException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The node that vanished.</param>
        public RecipeNodeRemovedException(string path)
            : base($"The recipe's node {path} was deleted by someone else.", path, null)
        {
        }
    }

    /// <summary>A recipe was used after it was disposed, or before it was started.</summary>
    public sealed class RecipeStateException : RecipeException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">What is wrong.</param>
        /// <param name="path">The recipe's znode.</param>
        public RecipeStateException(string message, string? path)
            : base(message, path, null)
        {
        }
    }
}
