using System;
using System.Globalization;
using System.IO;

namespace PSZookeeper.TestServers;

/// <summary>
/// Owns the on-disk layout under <c>$TMPDIR/pszk-tests</c> (normally <c>/tmp/pszk-tests</c>):
/// one root per standalone server or ensemble, named after the owning pid, holding an
/// <c>owner</c> file so roots of dead test hosts can be swept later.
/// </summary>
internal static class TestDirectories
{
    private const string OwnerFileName = "owner";

    /// <summary>Parent of every fixture root.</summary>
    internal static string BaseDirectory { get; } = Path.Combine(Path.GetTempPath(), "pszk-tests");

    /// <summary>A fresh, not yet created, root path such as <c>/tmp/pszk-tests/4711-ensemble-3f2a9c1b</c>.</summary>
    internal static string NewRootPath(string kind) =>
        Path.Combine(BaseDirectory, string.Create(CultureInfo.InvariantCulture,
            $"{OwnerIdentity.Pid}-{kind}-{Guid.NewGuid().ToString("N")[..8]}"));

    /// <summary>Creates <paramref name="root"/> (idempotent) and stamps it with this process as owner.</summary>
    internal static void EnsureRoot(string root)
    {
        Directory.CreateDirectory(root);
        string ownerFile = Path.Combine(root, OwnerFileName);
        if (!File.Exists(ownerFile))
        {
            File.WriteAllText(ownerFile, OwnerIdentity.Token + "\n");
        }
    }

    /// <summary>
    /// Deletes roots whose owner process is gone. Only roots with a readable owner file are
    /// touched, so directories of concurrently running test hosts are never removed.
    /// </summary>
    internal static void DeleteOrphanedRoots()
    {
        if (!Directory.Exists(BaseDirectory))
        {
            return;
        }

        foreach (string root in Directory.EnumerateDirectories(BaseDirectory))
        {
            string token;
            try
            {
                token = File.ReadAllText(Path.Combine(root, OwnerFileName));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (!OwnerIdentity.IsAlive(token))
            {
                DeleteQuietly(root);
            }
        }
    }

    /// <summary>Recursively deletes a directory, ignoring failures: cleanup must never fail a test.</summary>
    internal static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A dying java may still be writing; the next run's orphan sweep retries.
        }
    }
}
