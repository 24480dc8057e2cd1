using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace PSZookeeper.Core
{
    /// <summary>
    /// The TLS parameters as PowerShell binds them. PowerShell takes a cmdlet's parameters from
    /// its own class and a drive's from its dynamic-parameter object, so ZKConnectingCmdlet and
    /// ZKDriveParameters each declare them; this is what both hand to ConnectionSecurity.
    /// </summary>
    internal interface ITlsParameters
    {
        SwitchParameter UseTls { get; }

        X509Certificate2[]? CertificateAuthority { get; }

        X509Certificate2? ClientCertificate { get; }

        string? ClientCertificatePath { get; }

        SecureString? CertificatePassword { get; }

        string? TlsHostName { get; }

        SwitchParameter SkipHostNameCheck { get; }
    }
}
