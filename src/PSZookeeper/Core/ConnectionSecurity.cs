using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using PSZookeeper.Client;
using PSZookeeper.Tasks;

namespace PSZookeeper.Core
{
    /// <summary>
    /// How a connection is secured, from PowerShell's terms (the TLS and credential parameters of
    /// Connect-Zookeeper and the farm cmdlets) to the client's: TLS options, a digest credential,
    /// and the warning a digest password over plain TCP deserves. Kept apart from any cmdlet so
    /// other entry points (a provider's drive parameters) can use the same rules.
    /// </summary>
    internal sealed class ConnectionSecurity
    {
        /// <summary>The settings a cmdlet's or a drive's TLS parameters give, with a digest credential.</summary>
        /// <param name="tls">The TLS parameters as given.</param>
        /// <param name="credential">A digest credential, or null.</param>
        /// <param name="resolvePath">Resolves -ClientCertificatePath against the current location.</param>
        public static ConnectionSecurity From(ITlsParameters tls, PSCredential? credential, Func<string, string> resolvePath) =>
            new ConnectionSecurity
            {
                UseTls = tls.UseTls,
                CertificateAuthority = tls.CertificateAuthority,
                ClientCertificate = tls.ClientCertificate,
                ClientCertificatePath = tls.ClientCertificatePath == null ? null : resolvePath(tls.ClientCertificatePath),
                CertificatePassword = tls.CertificatePassword,
                TlsHostName = tls.TlsHostName,
                SkipHostNameCheck = tls.SkipHostNameCheck,
                Credential = credential,
            };

        /// <summary>Connect to the servers' secureClientPort with TLS.</summary>
        public bool UseTls { get; set; }

        /// <summary>The CAs the server's certificate must chain to; null trusts the system store.</summary>
        public X509Certificate2[]? CertificateAuthority { get; set; }

        /// <summary>The client certificate (with its private key); the server's x509 scheme then knows the session by its subject.</summary>
        public X509Certificate2? ClientCertificate { get; set; }

        /// <summary>A PKCS#12 (.pfx/.p12) file holding the client certificate and its key, already resolved to a file-system path.</summary>
        public string? ClientCertificatePath { get; set; }

        /// <summary>The password of <see cref="ClientCertificatePath"/>.</summary>
        public SecureString? CertificatePassword { get; set; }

        /// <summary>The name the server's certificate must carry; null uses each server's host from the connect string.</summary>
        public string? TlsHostName { get; set; }

        /// <summary>Do not check the server certificate's name (the chain is still checked).</summary>
        public bool SkipHostNameCheck { get; set; }

        /// <summary>A digest credential to authenticate with.</summary>
        public PSCredential? Credential { get; set; }

        /// <summary>The client's TLS options, or null for plain TCP.</summary>
        /// <exception cref="ArgumentException">TLS settings without UseTls, or an unreadable certificate.</exception>
        public ZooKeeperTlsOptions? ToTlsOptions()
        {
            bool tlsSettings = CertificateAuthority != null || ClientCertificate != null || ClientCertificatePath != null
                || CertificatePassword != null || TlsHostName != null || SkipHostNameCheck;
            if (!UseTls)
            {
                return tlsSettings
                    ? throw new ArgumentException("TLS settings (-CertificateAuthority, -ClientCertificate, -ClientCertificatePath, -TlsHostName, -SkipHostNameCheck) need -UseTls.")
                    : null;
            }
            if (ClientCertificate != null && ClientCertificatePath != null)
            {
                throw new ArgumentException("Give the client certificate once: -ClientCertificate or -ClientCertificatePath, not both.");
            }
            var tls = new ZooKeeperTlsOptions
            {
                TrustedCertificateAuthorities = CertificateAuthority == null ? null : new X509Certificate2Collection(CertificateAuthority),
                ClientCertificate = ClientCertificate ?? LoadClientCertificate(),
                TargetHost = TlsHostName,
                CheckHostName = !SkipHostNameCheck,
            };
            if (tls.ClientCertificate != null && !tls.ClientCertificate.HasPrivateKey)
            {
                throw new ArgumentException($"The client certificate {tls.ClientCertificate.Subject} has no private key, so it cannot prove who you are.");
            }
            return tls;
        }

        /// <summary>The digest credential in the farm's terms, or null.</summary>
        public FarmCredential? ToFarmCredential() =>
            Credential == null ? null : new FarmCredential(Credential.UserName, Credential.GetNetworkCredential().Password);

        /// <summary>The warning to show, or null: a digest password over plain TCP crosses the network in clear.</summary>
        public string? Warning => Credential != null && !UseTls
            ? $"The password of '{Credential.UserName}' crosses the network in clear: ZooKeeper's digest authentication sends it as is. Use -UseTls (and a client certificate, which needs no password)."
            : null;

        private X509Certificate2? LoadClientCertificate()
        {
            if (ClientCertificatePath == null)
            {
                return null;
            }
            try
            {
                string? password = CertificatePassword == null ? null : new NetworkCredential(string.Empty, CertificatePassword).Password;
                return new X509Certificate2(ClientCertificatePath, password);
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                throw new ArgumentException($"Cannot read the client certificate {ClientCertificatePath} (a PKCS#12 .pfx/.p12 file, with -CertificatePassword when it has one): {ex.Message}", ex);
            }
        }
    }
}
