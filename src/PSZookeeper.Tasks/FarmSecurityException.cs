using System;
using System.Collections.Generic;
using PSZookeeper.Client;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// A farm node's ACL is weaker than the farm's trust model (or the caller is no participant of
    /// the farm), so the participant refuses to work with it: it names the node and both ACLs.
    /// </summary>
    public sealed class FarmSecurityException : Exception
    {
        /// <summary>Creates the error for <paramref name="path"/>.</summary>
        public FarmSecurityException(string path, string message) : base(message)
        {
            Path = path;
        }

        /// <summary>The node at fault.</summary>
        public string Path { get; }

        internal static FarmSecurityException Weak(string path, IReadOnlyList<Acl> actual, string why) => new FarmSecurityException(path,
            $"The farm node {path} carries the ACL [{AclText.Format(actual)}], which {why}: anyone it lets in could run code on the workers. " +
            "Refusing to use this farm; repair its ACLs with -RepairAcl (Start-ZKMaster or Start-ZKWorker) or remove it.");

        internal static FarmSecurityException Weaker(string path, IReadOnlyList<Acl> actual, IReadOnlyList<Acl> expected) => Weak(path, actual,
            $"is weaker than the farm's model [{AclText.Format(expected)}]");
    }
}
