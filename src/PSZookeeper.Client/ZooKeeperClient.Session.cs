using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Io;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client
{
    public sealed partial class ZooKeeperClient
    {
        /// <summary>
        /// Adds credentials to the session (re-sent after every reconnect). Completes when the
        /// server has accepted them.
        /// </summary>
        /// <exception cref="AuthFailedException">The server rejected them; the client stops.</exception>
        public Task AddAuthAsync(string scheme, byte[] auth)
        {
            if (string.IsNullOrEmpty(scheme))
            {
                throw new ArgumentException("An auth scheme is required (e.g. digest).", nameof(scheme));
            }
            if (auth == null)
            {
                throw new ArgumentNullException(nameof(auth));
            }
            var packet = new AuthPacket(0, scheme, (byte[])auth.Clone());
            _session.AddCredential(packet);
            return Send(new PendingRequest<bool>(OpCode.Auth, packet, null, Responses.Empty) { Xid = SpecialXid.Auth });
        }

        /// <summary>Authenticates with the digest scheme as user:password.</summary>
        public Task AddDigestAuthAsync(string user, string password)
        {
            if (string.IsNullOrEmpty(user) || user.IndexOf(':') >= 0)
            {
                throw new ArgumentException("A digest user name is required and cannot contain ':'.", nameof(user));
            }
            return AddAuthAsync("digest", Encoding.UTF8.GetBytes(user + ":" + (password ?? string.Empty)));
        }

        /// <summary>
        /// The ACL identity for a digest user: "user:base64(sha1(user:password))", for use in
        /// <see cref="Acl"/> entries with scheme "digest".
        /// </summary>
        public static Id DigestId(string user, string password)
        {
            using (SHA1 sha1 = SHA1.Create())
            {
                byte[] hash = sha1.ComputeHash(Encoding.UTF8.GetBytes(user + ":" + password));
                return new Id("digest", user + ":" + Convert.ToBase64String(hash));
            }
        }

        /// <summary>The identities the server has for this session (whoAmI, ZooKeeper 3.7+).</summary>
        public Task<IReadOnlyList<ClientInfo>> WhoAmIAsync() =>
            Send(new PendingRequest<IReadOnlyList<ClientInfo>>(OpCode.WhoAmI, null, null, Responses.WhoAmI));

        /// <summary>The ephemeral nodes this session owns under a path prefix (ZooKeeper 3.6+).</summary>
        public async Task<IReadOnlyList<string>> GetEphemeralsAsync(string prefixPath = ZNodePath.Root)
        {
            ZNodePath.Validate(prefixPath);
            IReadOnlyList<string> paths = await Send(new PendingRequest<IReadOnlyList<string>>(
                OpCode.GetEphemerals, new PathRequest(ToServerPath(prefixPath)), prefixPath, Responses.StringList)).ConfigureAwait(false);
            var mapped = new List<string>(paths.Count);
            foreach (string path in paths)
            {
                mapped.Add(ToClientPath(path));
            }
            return mapped;
        }

        /// <summary>The number of descendants of a node (ZooKeeper 3.6+).</summary>
        /// <exception cref="NoNodeException">The node does not exist.</exception>
        public Task<int> GetAllChildrenNumberAsync(string path)
        {
            ZNodePath.Validate(path);
            return Send(new PendingRequest<int>(OpCode.GetAllChildrenNumber, new PathRequest(ToServerPath(path)), path, Responses.Int));
        }
    }
}
