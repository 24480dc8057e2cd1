using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// Wraps a connected stream in TLS as the client: verifies the server's certificate against the
    /// configured CAs (or the system store) and name, presents the client certificate when asked,
    /// and turns every rejection into an <see cref="AuthenticationException"/> whose message names
    /// the reason. Never falls back to plain text.
    /// </summary>
    internal static class TlsHandshake
    {
        /// <summary>
        /// Runs the client side of the TLS handshake over <paramref name="inner"/> (which the returned
        /// stream owns), on the calling thread. The caller bounds it in time by closing the socket.
        /// </summary>
        /// <exception cref="AuthenticationException">The handshake failed; the message says why.</exception>
        public static SslStream Authenticate(Stream inner, HostPort server, ZooKeeperTlsOptions tls)
        {
            string targetHost = tls.TargetHost ?? server.Host;
            var validator = new TlsServerCertificateValidator(tls.TrustedCertificateAuthorities, targetHost, tls.CheckHostName);
            X509Certificate2? clientCertificate = tls.ClientCertificate;
            var ssl = new SslStream(inner, false, validator.Validate,
                (sender, host, local, remote, issuers) => clientCertificate!,
                EncryptionPolicy.RequireEncryption);
            X509CertificateCollection clientCertificates = clientCertificate == null
                ? new X509CertificateCollection()
                : new X509CertificateCollection { clientCertificate };
            try
            {
                ssl.AuthenticateAsClient(targetHost, clientCertificates, tls.SslProtocols, false);
                return ssl;
            }
            catch (Exception ex) when (validator.Failure != null)
            {
                ssl.Dispose();
                throw new AuthenticationException($"TLS handshake with {server} failed: {validator.Failure}.", ex);
            }
            catch (AuthenticationException ex)
            {
                ssl.Dispose();
                throw new AuthenticationException($"TLS handshake with {server} failed: {Explain(ex, tls)}", ex);
            }
            catch
            {
                ssl.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The innermost message (the outer ones say "see inner exception"); an alert from the server
        /// after our checks of its certificate passed means it refused us, usually our certificate.
        /// </summary>
        private static string Explain(Exception ex, ZooKeeperTlsOptions tls)
        {
            Exception innermost = ex;
            while (innermost.InnerException != null)
            {
                innermost = innermost.InnerException;
            }
            string detail = innermost.Message.Trim().TrimEnd('.');
            return detail.IndexOf("alert", StringComparison.OrdinalIgnoreCase) >= 0
                ? $"the server refused the handshake ({detail}): {ClosedAfterHandshakeHint(tls)}"
                : detail;
        }

        /// <summary>
        /// A hint for a connection the server drops right after a successful handshake, which is how a
        /// TLS 1.3 server refuses a missing or unacceptable client certificate.
        /// </summary>
        public static string ClosedAfterHandshakeHint(ZooKeeperTlsOptions tls) => tls.ClientCertificate == null
            ? "no client certificate was presented, and the server probably requires one (ssl.clientAuth=need)"
            : $"the server probably rejected the client certificate {tls.ClientCertificate.Subject} (not signed by a CA in its trust store, or its name does not match)";
    }

    /// <summary>
    /// Decides whether a server certificate is acceptable and remembers why not. With explicit CAs
    /// it emulates a custom root trust on netstandard2.0: the chain is built with the CAs as extra
    /// material, unknown roots are allowed during the build, and then the root must be one of the
    /// given CAs and no other chain error may be present.
    /// </summary>
    internal sealed class TlsServerCertificateValidator
    {
        private readonly X509Certificate2Collection? _trusted;
        private readonly string _targetHost;
        private readonly bool _checkHostName;

        public TlsServerCertificateValidator(X509Certificate2Collection? trusted, string targetHost, bool checkHostName)
        {
            _trusted = trusted;
            _targetHost = targetHost;
            _checkHostName = checkHostName;
        }

        /// <summary>Why the last certificate was rejected, or null.</summary>
        public string? Failure { get; private set; }

        public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (certificate == null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            {
                Failure = "the server presented no certificate";
                return false;
            }
            var reasons = new List<string>();
            var server = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
            if (_trusted == null)
            {
                if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                {
                    reasons.Add($"server certificate not signed by a trusted CA (system trust store: {DescribeStatus(chain?.ChainStatus)})");
                }
            }
            else
            {
                string? chainProblem = CheckAgainstTrustedCas(server, chain);
                if (chainProblem != null)
                {
                    reasons.Add(chainProblem);
                }
            }
            if (_checkHostName && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                reasons.Add($"name mismatch: the certificate ({DescribeNames(server)}) is not valid for '{_targetHost}'");
            }
            Failure = reasons.Count == 0 ? null : string.Join("; ", reasons);
            return Failure == null;
        }

        private string? CheckAgainstTrustedCas(X509Certificate2 server, X509Chain? presented)
        {
            using (var chain = new X509Chain())
            {
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
                chain.ChainPolicy.ExtraStore.AddRange(_trusted!);
                if (presented != null)
                {
                    // Intermediates the server sent; harmless as extra material, as trust is decided by the root below.
                    foreach (X509ChainElement element in presented.ChainElements)
                    {
                        if (!element.Certificate.RawData.SequenceEqual(server.RawData))
                        {
                            chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                        }
                    }
                }
                chain.Build(server);
                X509Certificate2 root = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
                bool rootTrusted = _trusted!.Cast<X509Certificate2>().Any(ca =>
                    string.Equals(ca.Thumbprint, root.Thumbprint, StringComparison.OrdinalIgnoreCase) && ca.RawData.SequenceEqual(root.RawData));
                if (!rootTrusted)
                {
                    return $"server certificate not signed by a trusted CA (its chain ends at '{root.Subject}', " +
                        $"which is not one of the {_trusted!.Count} configured CA(s): {string.Join(", ", _trusted.Cast<X509Certificate2>().Select(c => c.Subject))})";
                }
                X509ChainStatus[] problems = chain.ChainStatus
                    .Where(s => s.Status != X509ChainStatusFlags.NoError && s.Status != X509ChainStatusFlags.UntrustedRoot)
                    .ToArray();
                return problems.Length == 0 ? null : $"server certificate chain is invalid ({DescribeStatus(problems)})";
            }
        }

        private static string DescribeStatus(X509ChainStatus[]? status)
        {
            if (status == null || status.Length == 0)
            {
                return "no chain";
            }
            return string.Join(", ", status.Select(s => $"{s.Status}: {s.StatusInformation?.Trim()}"));
        }

        private static string DescribeNames(X509Certificate2 certificate)
        {
            string names = $"subject {certificate.Subject}";
            foreach (X509Extension extension in certificate.Extensions)
            {
                if (extension.Oid?.Value == "2.5.29.17")
                {
                    names += $", alternative names {extension.Format(false)}";
                }
            }
            return names;
        }
    }
}
