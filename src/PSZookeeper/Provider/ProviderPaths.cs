using System.Text;
using PSZookeeper.Client;

namespace PSZookeeper.Provider
{
    /// <summary>
    /// Provider paths name their drive, as the file system's do on Windows: "zk:/app/x" is the
    /// node /app/x below drive zk's root znode. A drive's Root is "zk:/", so PowerShell's
    /// drive-qualified path and the provider path are the same string. That matters twice: a
    /// provider path that started with "/" would be taken for a file system path on Unix (Set-Content
    /// to a missing node would write a local file), and an item's PSPath
    /// (PSZookeeper\ZooKeeper::zk:/app/x), piped to another cmdlet, still says which drive and so
    /// which session it belongs to. Separators may come as "\" (Windows) or doubled; a znode name
    /// holding a backslash cannot be reached through a drive (the cmdlets reach it).
    /// </summary>
    internal static class ProviderPaths
    {
        /// <summary>The root provider path of a drive: "zk:/".</summary>
        public static string DriveRoot(string driveName) => driveName + ":/";

        /// <summary>Splits "zk:/a/b" into the drive name ("zk", or null when there is none) and the drive-relative znode path ("/a/b").</summary>
        public static string Split(string? path, out string? driveName)
        {
            driveName = null;
            path = path ?? string.Empty;
            int colon = path.IndexOf(':');
            int slash = path.IndexOfAny(new[] { '/', '\\' });
            if (colon > 0 && (slash < 0 || colon < slash))
            {
                driveName = path.Substring(0, colon);
                path = path.Substring(colon + 1);
            }
            return Normalize(path);
        }

        /// <summary>The provider path of a znode path relative to a drive's root ("/a" in drive zk: "zk:/a").</summary>
        public static string Join(string driveName, string relative) => driveName + ":" + relative;

        /// <summary>Any separators, doubled or trailing, to a znode path: "" is "/", "a\\b/" is "/a/b".</summary>
        public static string Normalize(string path)
        {
            var sb = new StringBuilder(path.Length + 1);
            sb.Append('/');
            foreach (char c in path)
            {
                char ch = c == '\\' ? '/' : c;
                if (ch == '/' && sb[sb.Length - 1] == '/')
                {
                    continue;
                }
                sb.Append(ch);
            }
            if (sb.Length > 1 && sb[sb.Length - 1] == '/')
            {
                sb.Length--;
            }
            return sb.ToString();
        }

        /// <summary>True for a znode path that is valid below a drive root.</summary>
        public static bool IsValid(string relative) => ZNodePath.IsValid(relative);
    }
}
