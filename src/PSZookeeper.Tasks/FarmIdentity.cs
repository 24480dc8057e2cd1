using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;

namespace PSZookeeper.Tasks
{
    /// <summary>Who a session is, as the server sees it (whoAmI), in the form ACLs name it.</summary>
    internal static class FarmIdentity
    {
        /// <summary>
        /// The participant's ACL identity: the digest id of its credential, or else the x509 subject
        /// the server took from its TLS client certificate.
        /// </summary>
        /// <exception cref="FarmSecurityException">The server knows the session by neither.</exception>
        public static async Task<Id> OfAsync(ZooKeeperClient client, FarmCredential? credential)
        {
            if (credential != null)
            {
                return credential.Id;
            }
            return await CertificateIdAsync(client).ConfigureAwait(false)
                ?? throw new FarmSecurityException("/", "The server did not identify this session by its TLS client certificate (no x509 identity in whoAmI); use -UseTls with a client certificate, or a -Credential.");
        }

        /// <summary>The x509 identity the server took from the session's TLS client certificate, or null.</summary>
        public static async Task<Id?> CertificateIdAsync(ZooKeeperClient client)
        {
            IReadOnlyList<ClientInfo> who = await client.WhoAmIAsync().ConfigureAwait(false);
            ClientInfo? x509 = who.FirstOrDefault(info => info.AuthScheme == "x509");
            return x509 == null ? null : new Id("x509", x509.User);
        }

        /// <summary>The identities the server knows the session by, for audit: digest:user, x509:subject, or ip:address when unauthenticated.</summary>
        public static string Describe(IReadOnlyList<ClientInfo> who)
        {
            List<ClientInfo> authenticated = who.Where(info => info.AuthScheme != "ip").ToList();
            IEnumerable<ClientInfo> shown = authenticated.Count > 0 ? authenticated : who;
            return string.Join(", ", shown.Select(info => info.AuthScheme + ":" + info.User));
        }

        /// <summary>
        /// True when an ACL id names this session: its credential's digest id, the x509 subject the
        /// server took from its certificate, or (a session authenticated earlier, e.g. by
        /// Connect-Zookeeper -Credential) a digest id of the user the server reports.
        /// </summary>
        public static bool IsSession(Id id, IReadOnlyList<ClientInfo> who, FarmCredential? credential)
        {
            if (credential != null && id.Equals(credential.Id))
            {
                return true;
            }
            if (id.Scheme == "digest")
            {
                int colon = id.Ident.IndexOf(':');
                string user = colon < 0 ? id.Ident : id.Ident.Substring(0, colon);
                return who.Any(info => info.AuthScheme == "digest" && info.User == user);
            }
            return who.Any(info => info.AuthScheme == id.Scheme && info.User == id.Ident);
        }
    }
}
