using System;

namespace PSZookeeper.Client.Errors
{
    /// <summary>
    /// Thrown before anything is sent when a znode path breaks ZooKeeper's path rules.
    /// </summary>
    public sealed class InvalidPathException : ArgumentException
    {
        /// <summary>Creates the exception for <paramref name="path"/> and the rule it breaks.</summary>
        /// <param name="path">The offending path, or <see langword="null"/> if none was given.</param>
        /// <param name="reason">The rule the path breaks, e.g. "empty node name at index 3".</param>
        public InvalidPathException(string? path, string reason)
            : base(FormatMessage(path, reason))
        {
            Path = path;
            Reason = reason;
        }

        /// <summary>The offending path as given, or <see langword="null"/>.</summary>
        public string? Path { get; }

        /// <summary>The rule the path breaks.</summary>
        public string Reason { get; }

        private static string FormatMessage(string? path, string reason)
        {
            return path is null
                ? "Invalid path (null): " + reason
                : "Invalid path '" + Escape(path) + "': " + reason;
        }

        // Forbidden characters are exactly the ones that garble a console or log line, so they
        // are shown as escapes; the Path property keeps the original.
        private static string Escape(string path)
        {
            System.Text.StringBuilder? sb = null;
            for (int i = 0; i < path.Length; i++)
            {
                char c = path[i];
                if (ZNodePath.IsForbiddenChar(c))
                {
                    sb ??= new System.Text.StringBuilder(path, 0, i, path.Length + 16);
                    sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    sb?.Append(c);
                }
            }

            return sb?.ToString() ?? path;
        }
    }
}
