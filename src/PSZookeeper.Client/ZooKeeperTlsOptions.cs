using System;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace PSZookeeper.Client
{
    /// <summary>
    /// TLS settings for connecting to the servers' <c>secureClientPort</c>. Set
    /// <see cref="ZooKeeperClientOptions.Tls"/> to an instance to encrypt every connection of a
    /// session; leave it null for plain TCP. The client fails closed: a server whose certificate is
    /// not trusted, or does not match the expected name, is never talked to, and there is no
    /// fallback to plain text.
    /// </summary>
    public sealed class ZooKeeperTlsOptions
    {
        /// <summary>
        /// The certificate authorities the server's certificate chain must end in. When set, ONLY
        /// these are trusted (the system trust store is ignored): the chain is built with these
        /// certificates as extra material and its root must be one of them. Null (the default)
        /// trusts the operating system's store instead.
        /// </summary>
        public X509Certificate2Collection? TrustedCertificateAuthorities { get; set; }

        /// <summary>
        /// The name the server's certificate must carry (a DNS name, or an IP address that must
        /// appear as an IP subject alternative name). Null (the default) uses the host of each
        /// server as written in the connect string, e.g. <c>127.0.0.1</c> or <c>zk1.example.com</c>.
        /// </summary>
        public string? TargetHost { get; set; }

        /// <summary>
        /// Whether the server's certificate must carry the expected name (<see cref="TargetHost"/>);
        /// true (the default). Turning it off still requires a trusted chain, but any server holding
        /// a certificate from a trusted CA could then pose as this one.
        /// </summary>
        public bool CheckHostName { get; set; } = true;

        /// <summary>
        /// The certificate (with its private key) to present when the server asks for one
        /// (<c>ssl.clientAuth=need</c>, the server's default, or <c>want</c>). Null presents none.
        /// </summary>
        public X509Certificate2? ClientCertificate { get; set; }

        /// <summary>
        /// The TLS versions allowed. The default, <see cref="SslProtocols.None"/>, lets the
        /// operating system choose (TLS 1.2 or 1.3 on current systems), which is the recommended setting.
        /// </summary>
        public SslProtocols SslProtocols { get; set; } = SslProtocols.None;

        /// <summary>Describes the settings, for diagnostics (certificates by subject and thumbprint only).</summary>
        public override string ToString()
        {
            string trust = TrustedCertificateAuthorities == null
                ? "system trust store"
                : $"{TrustedCertificateAuthorities.Count} trusted CA(s)";
            string client = ClientCertificate == null ? "no client certificate" : $"client certificate {ClientCertificate.Subject} ({ClientCertificate.Thumbprint})";
            string name = CheckHostName ? $"target host {TargetHost ?? "<from connect string>"}" : "host name NOT checked";
            return $"TLS({trust}, {name}, {client}, protocols {SslProtocols})";
        }

        internal void Validate()
        {
            if (TargetHost != null && TargetHost.Trim().Length == 0)
            {
                throw new ArgumentException("The TLS target host cannot be blank; use null for the host of the connect string.", nameof(TargetHost));
            }
            if (TrustedCertificateAuthorities != null && TrustedCertificateAuthorities.Count == 0)
            {
                throw new ArgumentException(
                    "TrustedCertificateAuthorities is empty, so no server could be trusted; use null for the system trust store.",
                    nameof(TrustedCertificateAuthorities));
            }
            if (ClientCertificate != null && !ClientCertificate.HasPrivateKey)
            {
                throw new ArgumentException("The TLS client certificate has no private key, so it cannot be presented.", nameof(ClientCertificate));
            }
        }

        /// <summary>A copy whose CA collection cannot be changed by the caller afterwards (the certificates are shared).</summary>
        internal ZooKeeperTlsOptions Clone() => new ZooKeeperTlsOptions
        {
            TrustedCertificateAuthorities = TrustedCertificateAuthorities == null ? null : new X509Certificate2Collection(TrustedCertificateAuthorities),
            TargetHost = TargetHost,
            CheckHostName = CheckHostName,
            ClientCertificate = ClientCertificate,
            SslProtocols = SslProtocols,
        };
    }
}
