using System;
using System.IO;
using System.Linq;
using System.Text;

namespace PSZookeeper.TestServers;

/// <summary>Reads the end of a server log for error messages.</summary>
internal static class LogTail
{
    // Bounded read: a chatty DEBUG log can be large and only its end matters.
    private const int MaxBytes = 64 * 1024;

    /// <summary>Returns the last <paramref name="lines"/> lines written at or after byte <paramref name="fromOffset"/>.</summary>
    internal static string Read(string path, long fromOffset = 0, int lines = 40)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long start = Math.Max(fromOffset, stream.Length - MaxBytes);
            if (start >= stream.Length)
            {
                return "(log is empty)";
            }

            stream.Seek(start, SeekOrigin.Begin);
            var buffer = new byte[stream.Length - start];
            stream.ReadExactly(buffer);
            string[] all = Encoding.UTF8.GetString(buffer).Split('\n');
            return string.Join("\n", all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"(log {path} unreadable: {e.Message})";
        }
    }

    /// <summary>Length of the log now, i.e. the offset where the next run's output will start.</summary>
    internal static long CurrentLength(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
