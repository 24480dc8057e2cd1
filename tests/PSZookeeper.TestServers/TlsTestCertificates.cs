using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PSZookeeper.TestServers;

/// <summary>
/// Certificates made at test time for TLS tests: a self-signed CA, a server certificate for
/// <c>127.0.0.1</c>/<c>localhost</c> and a client certificate, all RSA 2048 and valid for one day
/// only (from an hour ago, to tolerate clock skew between .NET and the JVM).
/// </summary>
/// <remarks>
/// The client certificate also names <c>127.0.0.1</c>/<c>localhost</c>: a ZooKeeper server with
/// <c>ssl.hostnameVerification</c> on (its default) checks the client's address against it.
/// </remarks>
public sealed class TlsTestCertificates
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    private readonly X509Certificate2 _caWithKey;
    private readonly DateTimeOffset _notBefore;
    private readonly DateTimeOffset _notAfter;

    private TlsTestCertificates(X509Certificate2 caWithKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        _caWithKey = caWithKey;
        _notBefore = notBefore;
        _notAfter = notAfter;
        CertificateAuthority = X509CertificateLoader.LoadCertificate(caWithKey.RawData);
        ServerCertificate = Issue("CN=localhost", ServerAuth, notBefore, notAfter);
        ClientCertificate = Issue("CN=pszk-test-client", ClientAuth, notBefore, notAfter);
    }

    /// <summary>The CA certificate (public part only): what a client or server trusts.</summary>
    public X509Certificate2 CertificateAuthority { get; }

    /// <summary>The server's certificate with its private key (SAN: IP 127.0.0.1, DNS localhost).</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>A client certificate with its private key, signed by <see cref="CertificateAuthority"/>.</summary>
    public X509Certificate2 ClientCertificate { get; }

    /// <summary>A new collection holding just <see cref="CertificateAuthority"/>, ready for a client's trusted CAs.</summary>
    public X509Certificate2Collection TrustedAuthorities => new(CertificateAuthority);

    /// <summary>Makes a fresh, unrelated set (a new CA): call twice to get a "wrong CA" for negative tests.</summary>
    /// <param name="caName">Common name of the CA, visible in error messages.</param>
    public static TlsTestCertificates Create(string caName = "PSZookeeper test CA")
    {
        DateTimeOffset notBefore = DateTimeOffset.UtcNow.AddHours(-1);
        DateTimeOffset notAfter = DateTimeOffset.UtcNow.AddDays(1);
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={caName}, O=PSZookeeper tests"), key,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using X509Certificate2 ephemeral = request.CreateSelfSigned(notBefore.AddMinutes(-1), notAfter.AddMinutes(1));
        return new TlsTestCertificates(Persistable(ephemeral), notBefore, notAfter);
    }

    /// <summary>Issues another client certificate from this CA, e.g. with an unexpected subject.</summary>
    /// <param name="subject">Distinguished name such as <c>CN=someone</c>.</param>
    /// <remarks>Valid as long as the CA's own certificates: a later "now + 1 day" would outlive the CA, which .NET refuses.</remarks>
    public X509Certificate2 IssueClientCertificate(string subject) => Issue(subject, ClientAuth, _notBefore, _notAfter);

    private X509Certificate2 Issue(string subject, Oid usage, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { usage }, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_caWithKey, true, false));

        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using X509Certificate2 publicOnly = request.Create(_caWithKey, notBefore, notAfter, serial);
        using X509Certificate2 withKey = publicOnly.CopyWithPrivateKey(key);
        return Persistable(withKey);
    }

    // A round trip through PKCS#12 turns an ephemeral key into one every TLS stack accepts
    // (SChannel refuses ephemeral keys; OpenSSL does not mind).
    private static X509Certificate2 Persistable(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
}
