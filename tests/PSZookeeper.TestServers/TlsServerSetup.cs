using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace PSZookeeper.TestServers;

/// <summary>
/// Turns <see cref="TlsServerOptions"/> into files, <c>zoo.cfg</c> lines and class path entries.
/// </summary>
internal static class TlsServerSetup
{
    // The Debian zookeeper.jar manifest lists netty-buffer/common/handler/transport/epoll but not
    // these, which NettyServerCnxnFactory needs: without netty-codec the server starts, then logs
    // NoClassDefFoundError io/netty/handler/codec/ByteToMessageDecoder at the first connection.
    // netty-resolver was not needed by the server in our checks, but Netty's client bootstrap (the
    // Java client's ClientCnxnSocketNetty) uses it, so it is added too. Epoll is unused (no native
    // library loads), so netty-transport-native-unix-common is not needed.
    private static readonly string[] MissingNettyJars =
    {
        "netty-codec", "netty-resolver",
    };

    /// <summary>Adds the Netty jars the Debian manifest misses, when they exist and are not on the path already.</summary>
    internal static IReadOnlyList<string> CompleteClassPath(IReadOnlyList<string> classPath)
    {
        var result = classPath.ToList();
        var directories = classPath.Select(Path.GetDirectoryName).Where(d => !string.IsNullOrEmpty(d))
            .Append("/usr/share/java").Distinct(StringComparer.Ordinal).ToList();
        foreach (string jar in MissingNettyJars)
        {
            bool present = classPath.Any(p => Path.GetFileName(p).StartsWith(jar + "-", StringComparison.Ordinal)
                || Path.GetFileName(p) == jar + ".jar");
            if (present)
            {
                continue;
            }

            string? found = directories.Select(d => Path.Combine(d!, jar + ".jar")).FirstOrDefault(File.Exists);
            if (found is not null)
            {
                result.Add(found);
            }
        }

        return result;
    }

    /// <summary>Writes the stores (once; kept across restarts) into <paramref name="directory"/>.</summary>
    internal static TlsServerFiles WriteFiles(string directory, TlsServerOptions tls, ZooKeeperInstallation installation)
    {
        TlsTestCertificates certificates = tls.Certificates
            ?? throw new InvalidOperationException("TLS options reach a server only through Clone, which fixes the certificates.");
        string password = tls.StorePassword;
        var files = new TlsServerFiles(
            KeyStorePath: Path.Combine(directory, "keystore.p12"),
            TrustStorePath: Path.Combine(directory, "truststore.p12"),
            ClientKeyStorePath: Path.Combine(directory, "client.p12"),
            CaPemPath: Path.Combine(directory, "ca.pem"),
            ClientCertificatePemPath: Path.Combine(directory, "client.pem"),
            ClientKeyPemPath: Path.Combine(directory, "client-key.pem"),
            Password: password);
        Directory.CreateDirectory(directory);

        var serverChain = new X509Certificate2Collection { certificates.ServerCertificate, certificates.CertificateAuthority };
        File.WriteAllBytes(files.KeyStorePath, serverChain.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
        var clientChain = new X509Certificate2Collection { certificates.ClientCertificate, certificates.CertificateAuthority };
        File.WriteAllBytes(files.ClientKeyStorePath, clientChain.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
        File.WriteAllText(files.CaPemPath, certificates.CertificateAuthority.ExportCertificatePem() + "\n");
        File.WriteAllText(files.ClientCertificatePemPath, certificates.ClientCertificate.ExportCertificatePem() + "\n");
        using (RSA key = certificates.ClientCertificate.GetRSAPrivateKey()!)
        {
            File.WriteAllText(files.ClientKeyPemPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        }

        // Java's PKCS#12 reader only treats a bare certificate as trusted when it carries Oracle's
        // "trusted key usage" attribute, which .NET cannot write; keytool does.
        WriteTrustStore(installation, files.CaPemPath, files.TrustStorePath, password);
        return files;
    }

    /// <summary>The <c>zoo.cfg</c> lines that turn TLS on.</summary>
    internal static IEnumerable<string> ConfigLines(int securePort, TlsServerFiles files, TlsServerOptions tls)
    {
        yield return "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory";
        yield return string.Create(CultureInfo.InvariantCulture, $"secureClientPort={securePort}");
        yield return "secureClientPortAddress=127.0.0.1";
        yield return "ssl.keyStore.location=" + files.KeyStorePath;
        yield return "ssl.keyStore.password=" + files.Password;
        yield return "ssl.keyStore.type=PKCS12";
        yield return "ssl.trustStore.location=" + files.TrustStorePath;
        yield return "ssl.trustStore.password=" + files.Password;
        yield return "ssl.trustStore.type=PKCS12";
        yield return "ssl.clientAuth=" + tls.ClientAuthValue;
    }

    /// <summary>True when a TCP connection to 127.0.0.1:<paramref name="port"/> is accepted within <paramref name="timeout"/>.</summary>
    internal static async Task<bool> IsListeningAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), limit.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private static void WriteTrustStore(ZooKeeperInstallation installation, string caPem, string trustStore, string password)
    {
        File.Delete(trustStore);
        var start = new ProcessStartInfo(FindKeytool(installation))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in new[]
        {
            "-importcert", "-noprompt", "-alias", "pszk-test-ca", "-file", caPem,
            "-keystore", trustStore, "-storetype", "PKCS12", "-storepass", password,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using Process keytool = Process.Start(start) ?? throw new IOException("Could not start keytool.");
        keytool.StandardInput.Close();
        var output = keytool.StandardOutput.ReadToEndAsync();
        var errors = keytool.StandardError.ReadToEndAsync();
        if (!keytool.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            keytool.Kill();
            throw new IOException("keytool did not finish within 60 s while writing the TLS trust store.");
        }

        if (keytool.ExitCode != 0 || !File.Exists(trustStore))
        {
            throw new IOException($"keytool failed ({keytool.ExitCode}) writing {trustStore}: {output.Result} {errors.Result}");
        }
    }

    // keytool ships next to java; /usr/bin/java is usually a chain of symlinks into the JDK.
    private static string FindKeytool(ZooKeeperInstallation installation)
    {
        string java = installation.JavaExecutable;
        var candidates = new List<string>();
        if (Path.IsPathRooted(java))
        {
            candidates.Add(Path.Combine(Path.GetDirectoryName(java)!, "keytool"));
            string? real = File.ResolveLinkTarget(java, returnFinalTarget: true)?.FullName;
            if (real is not null)
            {
                candidates.Add(Path.Combine(Path.GetDirectoryName(real)!, "keytool"));
            }
        }

        return candidates.FirstOrDefault(File.Exists) ?? "keytool";
    }
}
