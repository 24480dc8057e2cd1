using System.Collections.Generic;
using System.Linq;
using PSZookeeper.Client;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// ACLs as people read them (zkCli's scheme:id:cdrwa), without secrets: a digest id carries a
    /// hash of its password, which an attacker could attack offline, so only its user name is shown.
    /// </summary>
    public static class AclText
    {
        /// <summary>scheme:id, with a digest id shortened to digest:user.</summary>
        public static string Format(Id id)
        {
            if (id.Scheme == "digest")
            {
                int colon = id.Ident.IndexOf(':');
                return "digest:" + (colon < 0 ? id.Ident : id.Ident.Substring(0, colon));
            }
            return id.ToString();
        }

        /// <summary>scheme:id:perms, for example digest:farm:cdrwa.</summary>
        public static string Format(Acl entry) => Format(entry.Id) + ":" + Letters(entry.Perms);

        /// <summary>The entries joined by commas.</summary>
        public static string Format(IEnumerable<Acl> acl) => string.Join(", ", acl.Select(Format));

        /// <summary>zkCli's letters for permissions, in its order (cdrwa).</summary>
        public static string Letters(Permissions perms)
        {
            string letters = string.Empty;
            if ((perms & Permissions.Create) != 0) letters += "c";
            if ((perms & Permissions.Delete) != 0) letters += "d";
            if ((perms & Permissions.Read) != 0) letters += "r";
            if ((perms & Permissions.Write) != 0) letters += "w";
            if ((perms & Permissions.Admin) != 0) letters += "a";
            return letters.Length == 0 ? "-" : letters;
        }
    }
}
