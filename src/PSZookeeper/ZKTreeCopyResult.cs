namespace PSZookeeper
{
    /// <summary>What a copy or move did.</summary>
    public sealed class ZKTreeCopyResult
    {
        public ZKTreeCopyResult(string source, string destination, int count, bool atomic, bool moved)
        {
            Source = source;
            Destination = destination;
            Count = count;
            Atomic = atomic;
            Moved = moved;
        }

        public string Source { get; }

        public string Destination { get; }

        /// <summary>How many znodes were copied (or moved).</summary>
        public int Count { get; }

        /// <summary>True when it ran as one transaction (all or nothing).</summary>
        public bool Atomic { get; }

        public bool Moved { get; }
    }
}
