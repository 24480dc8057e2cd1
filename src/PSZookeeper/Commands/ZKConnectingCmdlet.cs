using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// Base of the cmdlets that open sessions (Connect-Zookeeper and the farm cmdlets): the TLS
    /// and credential parameters, turned into client settings by <see cref="ConnectionSecurity"/>.
    /// </summary>
    public abstract class ZKConnectingCmdlet : ZKCmdletBase, ITlsParameters
    {
        /// <summary>Digest credentials added to the session after connecting.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>Connect to the servers' TLS port (secureClientPort).</summary>
        [Parameter]
        public SwitchParameter UseTls { get; set; }

        /// <summary>The CA certificates (objects or files) the server's certificate must chain to; default: the system trust store.</summary>
        [Parameter]
        [CertificateFile]
        public X509Certificate2[]? CertificateAuthority { get; set; }

        /// <summary>The client certificate, with its private key (for example from Cert:\ or [X509Certificate2]::CreateFromPemFile).</summary>
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

        /// <summary>The parameters as connection settings; a terminating error for contradictory or unreadable ones.</summary>
        private protected ConnectionSecurity ConnectionSecurity
        {
            get
            {
                ConnectionSecurity security = ConnectionSecurity.From(this, Credential, GetUnresolvedProviderPathFromPSPath);
                try
                {
                    security.ToTlsOptions();
                }
                catch (ArgumentException ex)
                {
                    ThrowTerminatingError(new ErrorRecord(ex, "InvalidTlsSettings", ErrorCategory.InvalidArgument, null));
                }
                return security;
            }
        }

        /// <summary>Warns when a digest password would cross the network in clear.</summary>
        private protected void WarnAboutClearPassword(ConnectionSecurity security)
        {
            if (security.Warning != null)
            {
                WriteWarning(security.Warning);
            }
        }
    }
}
