using PSZookeeper.Client;

namespace PSZookeeper
{
    /// <summary>The outcome of one op of Invoke-ZKTransaction.</summary>
    public sealed class ZKTransactionResult
    {
        public ZKTransactionResult(int index, string operation, string path, OpResult result)
        {
            Index = index;
            Operation = operation;
            Path = path;
            Result = result;
            Stat = (result as CreateResult)?.Stat ?? (result as SetDataResult)?.Stat;
            if (result is CreateResult created)
            {
                Path = created.Path;
            }
        }

        public int Index { get; }

        public string Operation { get; }

        /// <summary>The path (the created name for sequential creates).</summary>
        public string Path { get; }

        public Stat? Stat { get; }

        public OpResult Result { get; }
    }
}
