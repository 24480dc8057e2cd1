using System;
using PSZookeeper.Client;

namespace PSZookeeper.Tasks
{
    /// <summary>A digest user and password a participant authenticates with. Never shows the password.</summary>
    public sealed class FarmCredential
    {
        /// <summary>Creates the credential.</summary>
        public FarmCredential(string user, string password)
        {
            if (string.IsNullOrEmpty(user) || user.IndexOf(':') >= 0)
            {
                throw new ArgumentException("A digest user name is needed, without ':'.", nameof(user));
            }
            User = user;
            Password = password ?? throw new ArgumentNullException(nameof(password));
        }

        /// <summary>The user name.</summary>
        public string User { get; }

        internal string Password { get; }

        /// <summary>The identity ZooKeeper gives a session authenticated with it (digest:user:hash), as ACLs name it.</summary>
        public Id Id => ZooKeeperClient.DigestId(User, Password);

        /// <summary>Never shows the password.</summary>
        public override string ToString() => "digest:" + User;
    }
}
