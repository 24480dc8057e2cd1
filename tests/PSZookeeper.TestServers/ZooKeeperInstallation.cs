using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace PSZookeeper.TestServers;

/// <summary>
/// A located ZooKeeper installation: the Java executable and the class path that runs
/// <c>org.apache.zookeeper.server.quorum.QuorumPeerMain</c>.
/// </summary>
/// <remarks>
/// Search order: <c>ZOOKEEPER_HOME</c> (release tarball layout: <c>lib/*.jar</c>), then the
/// Debian package jars in <c>/usr/share/java</c>, then the installation that owns a
/// <c>zkServer.sh</c> found on <c>PATH</c>.
/// </remarks>
public sealed partial class ZooKeeperInstallation
{
    private const string DebianJarDirectory = "/usr/share/java";
    private static readonly object s_cacheGate = new();
    private static ZooKeeperInstallation? s_cached;

    private ZooKeeperInstallation(string javaExecutable, IReadOnlyList<string> classPath,
        string source, string? logbackConfigFile)
    {
        JavaExecutable = javaExecutable;
        ClassPath = classPath;
        Source = source;
        LogbackConfigFile = logbackConfigFile;
    }

    /// <summary>Path (or bare name resolved through PATH) of the <c>java</c> executable.</summary>
    public string JavaExecutable { get; }

    /// <summary>Class path entries, in order, handed to <c>java -cp</c>.</summary>
    public IReadOnlyList<string> ClassPath { get; }

    /// <summary>Human-readable description of where ZooKeeper was found (for diagnostics).</summary>
    public string Source { get; }

    /// <summary>
    /// Logback configuration shipped with a release tarball, or null when logging goes through
    /// slf4j-simple (the Debian layout), which is configured with system properties instead.
    /// </summary>
    internal string? LogbackConfigFile { get; }

    /// <summary>
    /// Locates ZooKeeper using the process environment; the first success is cached for the
    /// lifetime of the process (failures are not, so a test run can be fixed without restarting).
    /// </summary>
    /// <exception cref="ZooKeeperNotInstalledException">Nothing usable was found.</exception>
    public static ZooKeeperInstallation Locate()
    {
        lock (s_cacheGate)
        {
            return s_cached ??= Locate(
                Environment.GetEnvironmentVariable("ZOOKEEPER_HOME"),
                DebianJarDirectory,
                Environment.GetEnvironmentVariable("PATH"),
                Environment.GetEnvironmentVariable("JAVA_HOME"));
        }
    }

    /// <summary>Environment-free core of <see cref="Locate()"/>, so the search can be exercised with fake paths.</summary>
    internal static ZooKeeperInstallation Locate(string? zooKeeperHome, string debianJarDirectory,
        string? pathVariable, string? javaHome)
    {
        var searched = new List<string>();
        (IReadOnlyList<string> ClassPath, string Source, string? Logback)? found = null;

        if (!string.IsNullOrWhiteSpace(zooKeeperHome))
        {
            searched.Add($"ZOOKEEPER_HOME={zooKeeperHome} has no zookeeper jar in lib/");
            found = TryReleaseLayout(zooKeeperHome, debianJarDirectory, $"ZOOKEEPER_HOME={zooKeeperHome}");
        }
        else
        {
            searched.Add("ZOOKEEPER_HOME is not set");
        }

        if (found is null)
        {
            searched.Add($"no {Path.Combine(debianJarDirectory, "zookeeper.jar")}");
            found = TryDebianLayout(debianJarDirectory);
        }

        if (found is null)
        {
            string? script = FindOnPath("zkServer.sh", pathVariable);
            searched.Add(script is null ? "no zkServer.sh on PATH" : $"{script} has no jars next to it");
            if (script is not null)
            {
                string home = InstallationHomeOfScript(script);
                found = TryReleaseLayout(home, debianJarDirectory, $"zkServer.sh at {script}");
            }
        }

        if (found is null)
        {
            throw new ZooKeeperNotInstalledException(string.Join("; ", searched));
        }

        string java = FindJava(pathVariable, javaHome)
            ?? throw new ZooKeeperNotInstalledException(
                $"ZooKeeper found via {found.Value.Source}, but no `java` on PATH or in JAVA_HOME");
        return new ZooKeeperInstallation(java, found.Value.ClassPath, found.Value.Source, found.Value.Logback);
    }

    // Debian splits ZooKeeper into /usr/share/java jars; zookeeper.jar's manifest Class-Path
    // pulls in jute, netty, slf4j-api etc., but no slf4j binding, so without slf4j-simple the
    // server would log nothing at all (and start-up failures would be undiagnosable).
    private static (IReadOnlyList<string>, string, string?)? TryDebianLayout(string jarDirectory)
    {
        string zookeeperJar = Path.Combine(jarDirectory, "zookeeper.jar");
        string juteJar = Path.Combine(jarDirectory, "zookeeper-jute.jar");
        if (!File.Exists(zookeeperJar) || !File.Exists(juteJar))
        {
            return null;
        }

        var classPath = new List<string> { zookeeperJar };
        string simpleLogger = Path.Combine(jarDirectory, "slf4j-simple.jar");
        if (File.Exists(simpleLogger))
        {
            classPath.Add(simpleLogger);
        }

        return (classPath, $"Debian package ({zookeeperJar})", null);
    }

    // Release tarball (and source build) layout: <home>/lib/*.jar holds zookeeper-3.x.y.jar
    // and every dependency; <home>/conf/logback.xml configures logging for 3.8+.
    private static (IReadOnlyList<string>, string, string?)? TryReleaseLayout(string home,
        string debianJarDirectory, string source)
    {
        var jars = new List<string>();
        foreach (string dir in new[] { Path.Combine(home, "lib"), home })
        {
            if (Directory.Exists(dir))
            {
                jars.AddRange(Directory.GetFiles(dir, "*.jar").OrderBy(p => p, StringComparer.Ordinal));
            }
        }

        if (!jars.Any(j => ServerJarName().IsMatch(Path.GetFileName(j))))
        {
            return null;
        }

        var classPath = new List<string>();
        string conf = Path.Combine(home, "conf");
        if (Directory.Exists(conf))
        {
            classPath.Add(conf);
        }

        classPath.AddRange(jars);

        string? logback = null;
        bool hasLogback = jars.Any(j => Path.GetFileName(j).StartsWith("logback-classic", StringComparison.Ordinal));
        if (hasLogback && File.Exists(Path.Combine(conf, "logback.xml")))
        {
            logback = Path.Combine(conf, "logback.xml");
        }
        else if (!hasLogback && !jars.Any(j => LoggingBindingName().IsMatch(Path.GetFileName(j))))
        {
            // Same reason as the Debian layout: without a binding the server log is empty.
            string simpleLogger = Path.Combine(debianJarDirectory, "slf4j-simple.jar");
            if (File.Exists(simpleLogger))
            {
                classPath.Add(simpleLogger);
            }
        }

        return (classPath, source, logback);
    }

    // zkServer.sh lives in <home>/bin; resolve symlinks first because package managers
    // commonly link it into /usr/bin.
    private static string InstallationHomeOfScript(string script)
    {
        string real = File.ResolveLinkTarget(script, returnFinalTarget: true)?.FullName ?? script;
        string bin = Path.GetDirectoryName(Path.GetFullPath(real)) ?? "/";
        return Path.GetDirectoryName(bin) ?? bin;
    }

    private static string? FindJava(string? pathVariable, string? javaHome)
    {
        if (!string.IsNullOrWhiteSpace(javaHome))
        {
            string candidate = Path.Combine(javaHome, "bin", "java");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return FindOnPath("java", pathVariable);
    }

    private static string? FindOnPath(string fileName, string? pathVariable)
    {
        if (string.IsNullOrEmpty(pathVariable))
        {
            return null;
        }

        foreach (string dir in pathVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    // Matches zookeeper-3.8.4.jar / zookeeper.jar but not zookeeper-jute-*.jar or -tests/-sources jars.
    [GeneratedRegex(@"^zookeeper(-\d+\.\d+\.\d+[^/]*?)?(?<!-tests|-sources|-javadoc)\.jar$")]
    private static partial Regex ServerJarName();

    [GeneratedRegex(@"^(slf4j-simple|slf4j-log4j12|slf4j-reload4j|log4j-slf4j\d*-impl|slf4j-jdk14)[-.]")]
    private static partial Regex LoggingBindingName();
}
