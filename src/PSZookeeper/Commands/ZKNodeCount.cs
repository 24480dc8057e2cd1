namespace PSZookeeper.Commands
{
    /// <summary>Counts of a znode's subtree: its direct children and all its descendants (zkCli getAllChildrenNumber).</summary>
    public sealed class ZKNodeCount
    {
        public ZKNodeCount(string path, int children, int descendants)
        {
            Path = path;
            Children = children;
            Descendants = descendants;
        }

        public string Path { get; }

        /// <summary>Direct children.</summary>
        public int Children { get; }

        /// <summary>Every node below, at any depth.</summary>
        public int Descendants { get; }
    }
}
