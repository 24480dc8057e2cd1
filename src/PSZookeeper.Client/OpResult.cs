using System.Collections.Generic;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Client
{
    /// <summary>The outcome of one <see cref="Op"/> in a transaction or read batch.</summary>
    public abstract class OpResult
    {
        private protected OpResult()
        {
        }
    }

    /// <summary>A node was created; <see cref="Stat"/> is present when the server returned one.</summary>
    public sealed class CreateResult : OpResult
    {
        /// <summary>Creates the result.</summary>
        public CreateResult(string path, Stat? stat)
        {
            Path = path;
            Stat = stat;
        }

        /// <summary>The created path (with any sequence suffix, without chroot).</summary>
        public string Path { get; }

        /// <summary>The new node's Stat, when known.</summary>
        public Stat? Stat { get; }

        internal CreateResult WithPath(string path) => new CreateResult(path, Stat);
    }

    /// <summary>A node was deleted.</summary>
    public sealed class DeleteResult : OpResult
    {
    }

    /// <summary>A version check passed.</summary>
    public sealed class CheckResult : OpResult
    {
    }

    /// <summary>Data was set.</summary>
    public sealed class SetDataResult : OpResult
    {
        /// <summary>Creates the result.</summary>
        public SetDataResult(Stat stat) => Stat = stat;

        /// <summary>The node's new Stat.</summary>
        public Stat Stat { get; }
    }

    /// <summary>Data read in a read batch.</summary>
    public sealed class GetDataResult : OpResult
    {
        /// <summary>Creates the result.</summary>
        public GetDataResult(NodeData node) => Node = node;

        /// <summary>The data and Stat.</summary>
        public NodeData Node { get; }
    }

    /// <summary>Children listed in a read batch.</summary>
    public sealed class GetChildrenResult : OpResult
    {
        /// <summary>Creates the result.</summary>
        public GetChildrenResult(IReadOnlyList<string> children) => Children = children;

        /// <summary>The child names.</summary>
        public IReadOnlyList<string> Children { get; }
    }

    /// <summary>
    /// An op that failed. In a failed transaction every op reports one: Ok for those before the
    /// failing op, its real code for the failing one, RuntimeInconsistency for those after.
    /// </summary>
    public sealed class ErrorResult : OpResult
    {
        /// <summary>Creates the result.</summary>
        public ErrorResult(ErrorCode code) => Code = code;

        /// <summary>The error code.</summary>
        public ErrorCode Code { get; }
    }
}
