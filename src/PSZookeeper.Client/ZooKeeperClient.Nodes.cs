using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Io;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client
{
    public sealed partial class ZooKeeperClient
    {
        /// <summary>Creates a znode and returns its path (with the sequence suffix for sequential modes).</summary>
        /// <param name="path">The path; for sequential modes the server appends a 10-digit counter.</param>
        /// <param name="data">The data, or null.</param>
        /// <param name="acl">The ACL; null for <see cref="Ids.OpenAclUnsafe"/>.</param>
        /// <param name="mode">Persistent, ephemeral, sequential, container or TTL.</param>
        /// <param name="ttl">Milliseconds, for the TTL modes only (the server must run with extended types enabled).</param>
        /// <exception cref="InvalidPathException">The path breaks ZooKeeper's rules; nothing was sent.</exception>
        /// <exception cref="DataTooLargeException">The data is over the limit; nothing was sent.</exception>
        /// <exception cref="NodeExistsException">The node exists.</exception>
        /// <exception cref="NoNodeException">The parent does not exist.</exception>
        public async Task<string> CreateAsync(string path, byte[]? data, IReadOnlyList<Acl>? acl = null,
            CreateMode mode = CreateMode.Persistent, long ttl = 0)
        {
            OpCode op = PrepareCreate(path, data, acl, mode, ttl, withStat: false);
            string created = op == OpCode.Create
                ? await Send(new PendingRequest<string>(op, CreateRecord(path, data, acl, mode, ttl), path, Responses.Path)).ConfigureAwait(false)
                : (await Send(new PendingRequest<CreateResult>(op, CreateRecord(path, data, acl, mode, ttl), path, Responses.Create2)).ConfigureAwait(false)).Path;
            return ToClientPath(created);
        }

        /// <summary>Creates a znode and returns its path and Stat (the create2 form).</summary>
        /// <inheritdoc cref="CreateAsync" select="param|exception"/>
        public async Task<CreateResult> CreateWithStatAsync(string path, byte[]? data, IReadOnlyList<Acl>? acl = null,
            CreateMode mode = CreateMode.Persistent, long ttl = 0)
        {
            OpCode op = PrepareCreate(path, data, acl, mode, ttl, withStat: true);
            CreateResult result = await Send(new PendingRequest<CreateResult>(op, CreateRecord(path, data, acl, mode, ttl), path, Responses.Create2)).ConfigureAwait(false);
            return result.WithPath(ToClientPath(result.Path));
        }

        /// <summary>Deletes a znode; version -1 matches any version.</summary>
        /// <exception cref="NoNodeException">The node does not exist.</exception>
        /// <exception cref="BadVersionException">The version does not match.</exception>
        /// <exception cref="NotEmptyException">The node has children.</exception>
        public Task DeleteAsync(string path, int version = -1)
        {
            ZNodePath.Validate(path);
            return Send(new PendingRequest<bool>(OpCode.Delete, new PathIntRequest(ToServerPath(path), version), path, Responses.Empty));
        }

        /// <summary>Returns the node's Stat, or null when it does not exist.</summary>
        /// <param name="path">The node.</param>
        /// <param name="watcher">Called once when the node is created, deleted or its data changes.</param>
        public Task<Stat?> ExistsAsync(string path, Action<WatchedEvent>? watcher = null)
        {
            ZNodePath.Validate(path);
            return Send(new ReadRequest<Stat?>(OpCode.Exists, ToServerPath(path), watcher != null, path,
                (ref Jute.JuteReader r) => Stat.Read(ref r), Watch(WatchKind.Exists, path, watcher), ErrorCode.NoNode));
        }

        /// <summary>Reads a node's data and Stat.</summary>
        /// <param name="path">The node.</param>
        /// <param name="watcher">Called once when the node's data changes or it is deleted.</param>
        /// <exception cref="NoNodeException">The node does not exist.</exception>
        public Task<NodeData> GetDataAsync(string path, Action<WatchedEvent>? watcher = null)
        {
            ZNodePath.Validate(path);
            return Send(new ReadRequest<NodeData>(OpCode.GetData, ToServerPath(path), watcher != null, path,
                Responses.GetData, Watch(WatchKind.Data, path, watcher)));
        }

        /// <summary>Replaces a node's data; version -1 matches any version. Returns the new Stat.</summary>
        /// <exception cref="NoNodeException">The node does not exist.</exception>
        /// <exception cref="BadVersionException">The version does not match.</exception>
        /// <exception cref="DataTooLargeException">The data is over the limit; nothing was sent.</exception>
        public Task<Stat> SetDataAsync(string path, byte[]? data, int version = -1)
        {
            ZNodePath.Validate(path);
            CheckData(data, path);
            return Send(new PendingRequest<Stat>(OpCode.SetData, new SetDataRequest(ToServerPath(path), data, version), path, Responses.Stat));
        }

        /// <summary>Lists a node's children (names, not paths).</summary>
        /// <param name="path">The node.</param>
        /// <param name="watcher">Called once when a child is added or removed, or the node is deleted.</param>
        /// <exception cref="NoNodeException">The node does not exist.</exception>
        public Task<IReadOnlyList<string>> GetChildrenAsync(string path, Action<WatchedEvent>? watcher = null)
        {
            ZNodePath.Validate(path);
            return Send(new ReadRequest<IReadOnlyList<string>>(ChildrenOp(false), ToServerPath(path), watcher != null, path,
                Responses.StringList, Watch(WatchKind.Child, path, watcher)));
        }

        /// <summary>Lists a node's children with the node's Stat (getChildren2).</summary>
        /// <inheritdoc cref="GetChildrenAsync" select="param|exception"/>
        public Task<ChildrenWithStat> GetChildrenWithStatAsync(string path, Action<WatchedEvent>? watcher = null)
        {
            ZNodePath.Validate(path);
            return Send(new ReadRequest<ChildrenWithStat>(ChildrenOp(true), ToServerPath(path), watcher != null, path,
                Responses.GetChildren2, Watch(WatchKind.Child, path, watcher)));
        }

        /// <summary>Reads a node's ACL.</summary>
        /// <exception cref="NoNodeException">The node does not exist.</exception>
        public Task<AclWithStat> GetAclAsync(string path)
        {
            ZNodePath.Validate(path);
            return Send(new PendingRequest<AclWithStat>(OpCode.GetAcl, new PathRequest(ToServerPath(path)), path, Responses.GetAcl));
        }

        /// <summary>Replaces a node's ACL; <paramref name="aclVersion"/> -1 matches any ACL version.</summary>
        /// <exception cref="InvalidAclException">The ACL is empty or malformed.</exception>
        /// <exception cref="NoAuthException">The session lacks the Admin permission.</exception>
        public Task<Stat> SetAclAsync(string path, IReadOnlyList<Acl> acl, int aclVersion = -1)
        {
            ZNodePath.Validate(path);
            if (acl == null)
            {
                throw new ArgumentNullException(nameof(acl));
            }
            return Send(new PendingRequest<Stat>(OpCode.SetAcl, new SetAclRequest(ToServerPath(path), acl, aclVersion), path, Responses.Stat));
        }

        /// <summary>Waits until the connected server has caught up with the leader for this path.</summary>
        public async Task<string> SyncAsync(string path)
        {
            ZNodePath.Validate(path);
            string synced = await Send(new PendingRequest<string>(OpCode.Sync, new PathRequest(ToServerPath(path)), path, Responses.Path)).ConfigureAwait(false);
            return ToClientPath(synced);
        }

        private OpCode PrepareCreate(string path, byte[]? data, IReadOnlyList<Acl>? acl, CreateMode mode, long ttl, bool withStat)
        {
            ZNodePath.Validate(path, mode.IsSequential());
            CreateOptions.ValidateTtl(mode, ttl);
            CheckData(data, path);
            if (acl != null && acl.Count == 0)
            {
                throw new ArgumentException("An ACL needs at least one entry; pass null for the open ACL.", nameof(acl));
            }
            return CreateOptions.OpCodeFor(mode, withStat);
        }

        private CreateRequest CreateRecord(string path, byte[]? data, IReadOnlyList<Acl>? acl, CreateMode mode, long ttl) =>
            new CreateRequest(ToServerPath(path), data, acl ?? Ids.OpenAclUnsafe, (int)mode, mode.IsTtl() ? ttl : (long?)null);
    }
}
