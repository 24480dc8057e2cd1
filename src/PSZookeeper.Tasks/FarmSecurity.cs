using System.Collections.Generic;
using PSZookeeper.Client;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// Who may submit tasks. A task is code that the workers run, so an open farm lets anyone who
    /// can reach ZooKeeper run code on every worker. With a submitter identity, the tasks folder
    /// is created so that only that digest identity may add tasks (everyone may still read).
    /// </summary>
    public sealed class FarmSecurity
    {
        private FarmSecurity(IReadOnlyList<Acl> tasksFolderAcl, string? user, string? password)
        {
            TasksFolderAcl = tasksFolderAcl;
            User = user;
            Password = password;
        }

        /// <summary>Anyone who reaches the servers may submit (the default; fine on a trusted network only).</summary>
        public static FarmSecurity Open { get; } = new FarmSecurity(Ids.OpenAclUnsafe, null, null);

        /// <summary>
        /// Only sessions authenticated as this digest user may create tasks; masters and workers
        /// authenticate as it too, since they re-queue tasks.
        /// </summary>
        public static FarmSecurity Digest(string user, string password)
        {
            Id submitter = ZooKeeperClient.DigestId(user, password);
            var acl = new[]
            {
                new Acl(Permissions.All, submitter),
                new Acl(Permissions.Read, Ids.AnyoneIdUnsafe),
            };
            return new FarmSecurity(acl, user, password);
        }

        /// <summary>The ACL of the tasks folder and of re-queued task nodes.</summary>
        public IReadOnlyList<Acl> TasksFolderAcl { get; }

        internal string? User { get; }

        internal string? Password { get; }

        /// <summary>Never shows the password.</summary>
        public override string ToString() => User == null ? "open" : $"digest:{User}";
    }
}
