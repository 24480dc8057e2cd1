using System;
using System.Collections.Generic;
using System.Globalization;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Client
{
    /// <summary>
    /// ZooKeeper's znode path rules and path arithmetic (join, parent, name, ancestors, chroot).
    /// </summary>
    /// <remarks>
    /// The rules match the server's own validation (PathUtils.validatePath), so a path rejected
    /// here would also be rejected by the server; checking locally gives a typed error before
    /// anything is sent and keeps bad paths out of the pipelined request stream.
    /// </remarks>
    public static class ZNodePath
    {
        /// <summary>The root path.</summary>
        public const string Root = "/";

        /// <summary>
        /// Throws <see cref="InvalidPathException"/> unless <paramref name="path"/> is a valid znode path.
        /// </summary>
        /// <param name="path">The absolute path to check.</param>
        /// <param name="isSequential">
        /// <see langword="true"/> for a sequential create: the server appends a counter, so the path
        /// is checked as if it ended in a digit and may therefore end with '/'.
        /// </param>
        /// <exception cref="InvalidPathException">The path breaks a rule; the message says which and where.</exception>
        public static void Validate(string path, bool isSequential = false)
        {
            string? reason = GetInvalidReason(path, isSequential);
            if (reason != null)
            {
                throw new InvalidPathException(path, reason);
            }
        }

        /// <summary>Whether <paramref name="path"/> is a valid znode path, without throwing.</summary>
        /// <param name="path">The absolute path to check.</param>
        /// <param name="isSequential">See <see cref="Validate"/>.</param>
        /// <returns><see langword="true"/> if <see cref="Validate"/> would accept the path.</returns>
        public static bool IsValid(string? path, bool isSequential = false)
        {
            return GetInvalidReason(path, isSequential) == null;
        }

        /// <summary>
        /// Throws <see cref="InvalidPathException"/> unless <paramref name="chroot"/> is a valid chroot
        /// suffix of a connect string ("/" means no chroot).
        /// </summary>
        /// <param name="chroot">The chroot path, e.g. "/apps/app1".</param>
        /// <exception cref="InvalidPathException">The chroot breaks a path rule.</exception>
        public static void ValidateChroot(string chroot)
        {
            Validate(chroot);
        }

        /// <summary>Appends a relative name to a parent path.</summary>
        /// <param name="parent">A valid absolute path.</param>
        /// <param name="child">A relative name such as "b" or "b/c"; must not start or end with '/'.</param>
        /// <returns>The joined path, e.g. "/a/b" for ("/a", "b") and "/b" for ("/", "b").</returns>
        /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
        /// <exception cref="InvalidPathException">The parent or the result is not a valid path.</exception>
        public static string Join(string parent, string child)
        {
            if (parent is null)
            {
                throw new ArgumentNullException(nameof(parent));
            }

            if (child is null)
            {
                throw new ArgumentNullException(nameof(child));
            }

            Validate(parent);
            string result = parent.Length == 1 ? "/" + child : parent + "/" + child;

            // Validating the result catches an empty child (trailing '/'), a child starting with
            // '/' (empty node name) and forbidden characters, all with the server's own wording.
            Validate(result);
            return result;
        }

        /// <summary>Returns the parent of a path.</summary>
        /// <param name="path">A valid absolute path other than "/".</param>
        /// <returns>The parent, e.g. "/a" for "/a/b" and "/" for "/a".</returns>
        /// <exception cref="InvalidPathException">The path is invalid.</exception>
        /// <exception cref="ArgumentException">The path is "/", which has no parent.</exception>
        public static string GetParent(string path)
        {
            Validate(path);
            if (path.Length == 1)
            {
                throw new ArgumentException("The root path '/' has no parent.", nameof(path));
            }

            int slash = path.LastIndexOf('/');
            return slash == 0 ? Root : path.Substring(0, slash);
        }

        /// <summary>Returns the last segment of a path.</summary>
        /// <param name="path">A valid absolute path.</param>
        /// <returns>The node name, e.g. "b" for "/a/b"; the empty string for "/".</returns>
        /// <exception cref="InvalidPathException">The path is invalid.</exception>
        public static string GetName(string path)
        {
            Validate(path);
            return path.Substring(path.LastIndexOf('/') + 1);
        }

        /// <summary>
        /// Returns the proper ancestors of a path from the top down, excluding "/" and the path itself;
        /// these are the nodes a create-with-parents must ensure exist, in creation order.
        /// </summary>
        /// <param name="path">A valid absolute path.</param>
        /// <returns>For "/a/b/c": "/a", "/a/b". Nothing for "/" or "/a".</returns>
        /// <exception cref="InvalidPathException">The path is invalid (thrown immediately, not on enumeration).</exception>
        public static IEnumerable<string> Ancestors(string path)
        {
            Validate(path);
            return AncestorsIterator(path);
        }

        /// <summary>Maps a client-visible path to the server path under a chroot.</summary>
        /// <param name="chroot">The chroot, or <see langword="null"/>, "" or "/" for none. Assumed already
        /// checked by <see cref="ValidateChroot"/> (done once at connect, not per request).</param>
        /// <param name="path">A valid client-visible absolute path.</param>
        /// <returns>"/chroot" for "/", "/chroot/x" for "/x", or <paramref name="path"/> without a chroot.</returns>
        public static string ApplyChroot(string? chroot, string path)
        {
            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            if (chroot is null || chroot.Length <= 1)
            {
                return path;
            }

            return path.Length == 1 ? chroot : chroot + path;
        }

        /// <summary>Maps a server path (from a reply or watch event) back to the client-visible path.</summary>
        /// <param name="chroot">The chroot, or <see langword="null"/>, "" or "/" for none.</param>
        /// <param name="serverPath">The path as the server reported it.</param>
        /// <returns>"/" for "/chroot", "/x" for "/chroot/x".</returns>
        /// <remarks>
        /// A path outside the chroot should never come from the server; it is returned unchanged
        /// (as ZooKeeper's own client does) rather than thrown on, because this runs on the event
        /// and reply paths where an exception would break the connection over a cosmetic issue.
        /// </remarks>
        public static string StripChroot(string? chroot, string serverPath)
        {
            if (serverPath is null)
            {
                throw new ArgumentNullException(nameof(serverPath));
            }

            if (chroot is null || chroot.Length <= 1)
            {
                return serverPath;
            }

            if (string.Equals(serverPath, chroot, StringComparison.Ordinal))
            {
                return Root;
            }

            // The '/' check stops "/chroot" from claiming "/chrootX/y".
            if (serverPath.Length > chroot.Length
                && serverPath[chroot.Length] == '/'
                && serverPath.StartsWith(chroot, StringComparison.Ordinal))
            {
                return serverPath.Substring(chroot.Length);
            }

            return serverPath;
        }

        /// <summary>Whether ZooKeeper forbids <paramref name="c"/> anywhere in a path.</summary>
        internal static bool IsForbiddenChar(char c)
        {
            return c <= '\u001F'
                || (c >= '\u007F' && c <= '\u009F')
                || (c >= '\uD800' && c <= '\uF8FF')
                || c >= '\uFFF0';
        }

        private static IEnumerable<string> AncestorsIterator(string path)
        {
            for (int i = path.IndexOf('/', 1); i > 0; i = path.IndexOf('/', i + 1))
            {
                yield return path.Substring(0, i);
            }
        }

        private static string? GetInvalidReason(string? path, bool isSequential)
        {
            if (path is null)
            {
                return "path must not be null";
            }

            if (path.Length == 0)
            {
                return "path must not be empty";
            }

            // The server appends the sequence counter before validating; a digit stands in for it,
            // which makes a trailing '/' legal ("/queue/" becomes "/queue/0000000001").
            string candidate = isSequential ? path + "1" : path;

            if (candidate[0] != '/')
            {
                return "path must start with '/'";
            }

            if (candidate.Length == 1)
            {
                return null;
            }

            if (candidate[candidate.Length - 1] == '/')
            {
                return "path must not end with '/'";
            }

            for (int i = 1; i < candidate.Length; i++)
            {
                char c = candidate[i];
                if (c == '/' && candidate[i - 1] == '/')
                {
                    return "empty node name at index " + Index(i);
                }

                if (c == '.' && candidate[i - 1] == '/')
                {
                    int end = candidate.IndexOf('/', i);
                    int length = (end < 0 ? candidate.Length : end) - i;
                    if (length == 1 || (length == 2 && candidate[i + 1] == '.'))
                    {
                        return "relative path segment '" + candidate.Substring(i, length) + "' at index " + Index(i);
                    }
                }

                if (c == '\u0000')
                {
                    return "null character at index " + Index(i);
                }

                if (IsForbiddenChar(c))
                {
                    return "invalid character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + " at index " + Index(i);
                }
            }

            return null;
        }

        private static string Index(int i)
        {
            return i.ToString(CultureInfo.InvariantCulture);
        }
    }
}
