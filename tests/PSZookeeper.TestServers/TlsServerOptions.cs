using System;
using System.Security.Cryptography;

namespace PSZookeeper.TestServers;

/// <summary>What a TLS server demands of its clients' certificates (<c>ssl.clientAuth</c>).</summary>
public enum TlsClientAuth
{
    /// <summary>A client certificate signed by the trusted CA is required (ZooKeeper's default).</summary>
    Need,

    /// <summary>A client certificate is asked for but optional; one that is sent must verify.</summary>
    Want,

    /// <summary>No client certificate is asked for.</summary>
    None,
}

/// <summary>
/// Opt-in TLS for a test server (<see cref="ZooKeeperServerOptions.Tls"/>): the server then runs
/// the Netty connection factory and listens on a <c>secureClientPort</c> next to its plain client
/// port (which the readiness probe keeps using).
/// </summary>
public sealed class TlsServerOptions
{
    /// <summary>What the server demands of client certificates; default <see cref="TlsClientAuth.Need"/>.</summary>
    public TlsClientAuth ClientAuth { get; set; } = TlsClientAuth.Need;

    /// <summary>
    /// The certificates to use; null (the default) makes a fresh set when the options are copied
    /// into a server or ensemble, so all members of one ensemble share one CA.
    /// </summary>
    public TlsTestCertificates? Certificates { get; set; }

    /// <summary>Password of the PKCS#12 key/trust stores written next to <c>zoo.cfg</c>; random by default.</summary>
    public string StorePassword { get; set; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    /// <summary>The <c>ssl.clientAuth</c> value.</summary>
    internal string ClientAuthValue => ClientAuth switch
    {
        TlsClientAuth.Need => "need",
        TlsClientAuth.Want => "want",
        TlsClientAuth.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(ClientAuth), ClientAuth, "Unknown client auth mode."),
    };

    /// <summary>Copy with the certificates fixed (generated now when unset), so every copy made from it shares them.</summary>
    internal TlsServerOptions Clone() => new()
    {
        ClientAuth = ClientAuth,
        Certificates = Certificates ?? TlsTestCertificates.Create(),
        StorePassword = StorePassword,
    };
}

/// <summary>The key and trust stores of a TLS test server, for peers that need files (Java, kazoo).</summary>
/// <param name="KeyStorePath">PKCS#12: the server's key and certificate chain.</param>
/// <param name="TrustStorePath">PKCS#12 (written by keytool): the CA as a trusted entry.</param>
/// <param name="ClientKeyStorePath">PKCS#12: the client certificate, its key and the CA.</param>
/// <param name="CaPemPath">PEM: the CA certificate.</param>
/// <param name="ClientCertificatePemPath">PEM: the client certificate.</param>
/// <param name="ClientKeyPemPath">PEM (PKCS#8, unencrypted): the client's private key.</param>
/// <param name="Password">Password of the PKCS#12 files.</param>
public sealed record TlsServerFiles(string KeyStorePath, string TrustStorePath, string ClientKeyStorePath,
    string CaPemPath, string ClientCertificatePemPath, string ClientKeyPemPath, string Password);
