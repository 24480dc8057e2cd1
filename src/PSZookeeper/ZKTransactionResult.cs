using System.Collections.Generic;
using PSZookeeper.Client;

namespace PSZookeeper
{
    /// <summary>The outcome of one op of Invoke-ZKTransaction.</summary>
    public sealed class ZKTransactionResult
    {
        public ZKTransactionResult(int index, string operation, string path, OpResult result, object? data)
        {
            Index = index;
            Operation = operation;
            Path = path;
            Result = result;
            Data = data;
            Stat = (result as CreateResult)?.Stat ?? (result as SetDataResult)?.Stat ?? (result as GetDataResult)?.Node.Stat;
            Children = (result as GetChildrenResult)?.Children;
            if (result is CreateResult created)
            {
                Path = created.Path;
            }
        }

        public int Index { get; }

        /// <summary>Create, Set, Delete, Check, Get or GetChildren.</summary>
        public string Operation { get; }

        /// <summary>The path (the created name for sequential creates).</summary>
        public string Path { get; }

        /// <summary>A Get's data: text, or bytes with -AsByteArray.</summary>
        public object? Data { get; }

        /// <summary>A GetChildren's child names.</summary>
        public IReadOnlyList<string>? Children { get; }

        /// <summary>The node's Stat after a Create or Set, or as a Get read it.</summary>
        public Stat? Stat { get; }

        public OpResult Result { get; }
    }
}
