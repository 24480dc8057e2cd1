using System.Collections.Generic;
using PSZookeeper.Client;

namespace PSZookeeper.Tasks
{
    /// <summary>A farm node whose ACL is weaker than the farm's model, and how it would be repaired.</summary>
    public sealed class WeakNode
    {
        internal WeakNode(string path, IReadOnlyList<Acl> acl, IReadOnlyList<Acl> expected, bool removes, bool statesModel = true)
        {
            StatesModel = statesModel;
            Path = path;
            Acl = acl;
            Expected = expected;
            Removes = removes;
        }

        /// <summary>The node.</summary>
        public string Path { get; }

        /// <summary>Its ACL now.</summary>
        public IReadOnlyList<Acl> Acl { get; }

        /// <summary>The model's ACL for it.</summary>
        public IReadOnlyList<Acl> Expected { get; }

        /// <summary>False for a root whose data does not state this model (an open farm's root, or one with other identities).</summary>
        public bool StatesModel { get; }

        /// <summary>True when repair removes the node (an assignment: its content cannot be trusted) instead of setting its ACL.</summary>
        public bool Removes { get; }

        /// <summary>What repair does, for -WhatIf and logs (no secrets).</summary>
        public string Repair => Removes
            ? $"remove (ACL [{AclText.Format(Acl)}] is weaker than [{AclText.Format(Expected)}], so its task may be anyone's)"
            : $"set ACL [{AclText.Format(Expected)}] (now [{AclText.Format(Acl)}]){(StatesModel ? "" : " and state the model in its data")}";

        internal FarmSecurityException Error() => StatesModel || FarmSecurity.IsWeaker(Acl, Expected)
            ? FarmSecurityException.Weaker(Path, Acl, Expected)
            : new FarmSecurityException(Path, $"The farm root {Path} states another trust model than this participant's (or none): " +
                "masters and workers of one farm need the same identity, -Submitter list and -WorldRead. Refusing to use it; -RepairAcl rewrites it to this participant's model.");
    }
}
