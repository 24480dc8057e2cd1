using System;
using System.Collections.Generic;
using System.Linq;

namespace PSZookeeper.Core
{
    /// <summary>Which znode paths complete a partial path, given a way to list children.</summary>
    internal static class PathCompletion
    {
        /// <summary>
        /// Full paths of the children of the partial path's parent whose names start with its last
        /// segment (ordinal, sorted). "" and "/" list the root; "/a/b" lists /a's children starting with "b".
        /// </summary>
        public static IReadOnlyList<string> Candidates(string partial, Func<string, IReadOnlyList<string>> listChildren)
        {
            if (string.IsNullOrEmpty(partial))
            {
                partial = "/";
            }
            if (partial[0] != '/')
            {
                partial = "/" + partial;
            }
            int slash = partial.LastIndexOf('/');
            string parent = slash == 0 ? "/" : partial.Substring(0, slash);
            string prefix = partial.Substring(slash + 1);
            IReadOnlyList<string> children = listChildren(parent);
            return children
                .Where(c => c.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(c => c, StringComparer.Ordinal)
                .Select(c => parent == "/" ? "/" + c : parent + "/" + c)
                .ToArray();
        }
    }
}
