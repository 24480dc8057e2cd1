using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using System.Security;
using PSZookeeper.Commands;
using PSZookeeper.Core;

namespace PSZookeeper.Provider
{
    /// <summary>
    /// New-PSDrive's parameters for the ZooKeeper provider (its -Credential is New-PSDrive's own):
    /// the servers or a session, and the TLS settings Connect-Zookeeper has, with the same names
    /// and the same rules (<see cref="ConnectionSecurity"/>).
    /// </summary>
    public sealed class ZKDriveParameters : ITlsParameters
    {
        /// <summary>Servers as host:port[,host:port...][/chroot]: the drive opens a session of its own.</summary>
        [Parameter]
        [Alias("Server", "ConnectString")]
        [ValidateNotNullOrEmpty]
        public string[]? ComputerName { get; set; }

        /// <summary>An existing session (Connect-Zookeeper's) to use instead of a new one.</summary>
        [Parameter]
        [Alias("ZKClient")]
        public ZKSession? Session { get; set; }

        /// <summary>Session timeout in seconds for a session the drive opens.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public double SessionTimeout { get; set; } = 10;

        /// <summary>Seconds to wait for the first connection.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public double ConnectTimeout { get; set; } = 15;

        /// <summary>Connect to the servers' TLS port (secureClientPort).</summary>
        [Parameter]
        public SwitchParameter UseTls { get; set; }

        /// <summary>The CA certificates (objects or files) the server's certificate must chain to; default: the system trust store.</summary>
        [Parameter]
        [CertificateFile]
        public X509Certificate2[]? CertificateAuthority { get; set; }

        /// <summary>The client certificate, with its private key.</summary>
        [Parameter]
        public X509Certificate2? ClientCertificate { get; set; }

        /// <summary>A PKCS#12 file (.pfx/.p12) holding the client certificate and its private key.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ClientCertificatePath { get; set; }

        /// <summary>The password of -ClientCertificatePath.</summary>
        [Parameter]
        public SecureString? CertificatePassword { get; set; }

        /// <summary>The name the server's certificate must carry; default: each server's host as written.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TlsHostName { get; set; }

        /// <summary>Accept a trusted server certificate whatever name it carries (not recommended).</summary>
        [Parameter]
        public SwitchParameter SkipHostNameCheck { get; set; }

        /// <summary>Whether any TLS setting was given (they apply only to a session the drive opens).</summary>
        internal bool HasTlsSettings => UseTls || CertificateAuthority != null || ClientCertificate != null || ClientCertificatePath != null
            || CertificatePassword != null || TlsHostName != null || SkipHostNameCheck;
    }
}
