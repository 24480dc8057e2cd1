namespace PSZookeeper.Core.Trees
{
    /// <summary>Path arithmetic between subtree roots and relative entry paths.</summary>
    internal static class ZKTreePaths
    {
        /// <summary>The absolute path of a relative entry path ("/" or "/a/b") under a root.</summary>
        public static string Under(string root, string relativePath)
        {
            if (relativePath == "/")
            {
                return root;
            }
            return root == "/" ? relativePath : root + relativePath;
        }

        /// <summary>The relative path ("/" or "/a/b") of an absolute path inside a root.</summary>
        public static string Relative(string root, string path)
        {
            if (path == root)
            {
                return "/";
            }
            return root == "/" ? path : path.Substring(root.Length);
        }

        /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it.</summary>
        public static bool IsWithin(string root, string path) =>
            path == root || root == "/" || path.StartsWith(root + "/", System.StringComparison.Ordinal);
    }
}
