using System;
using System.Collections.Generic;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client
{
    /// <summary>
    /// One operation of a transaction (<see cref="ZooKeeperClient.MultiAsync"/>) or of a read batch
    /// (<see cref="ZooKeeperClient.MultiReadAsync"/>). Build them with the static factories.
    /// </summary>
    public abstract class Op
    {
        private protected Op(string path) => Path = path;

        /// <summary>The znode the operation targets (without chroot).</summary>
        public string Path { get; }

        internal abstract OpCode Code { get; }

        /// <summary>True for the ops a read-only batch may hold.</summary>
        internal virtual bool IsRead => false;

        /// <summary>Data the op sends, checked against the size limit before anything is sent.</summary>
        internal virtual byte[]? Payload => null;

        internal virtual bool IsSequential => false;

        internal abstract IRequestRecord ToRecord(string serverPath);

        /// <summary>Creates a node.</summary>
        public static Op Create(string path, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode = CreateMode.Persistent, long ttl = 0) =>
            new CreateOp(path, data, acl, mode, ttl);

        /// <summary>Deletes a node; version -1 matches any version.</summary>
        public static Op Delete(string path, int version = -1) => new VersionOp(OpCode.Delete, path, version);

        /// <summary>Sets a node's data; version -1 matches any version.</summary>
        public static Op SetData(string path, byte[]? data, int version = -1) => new SetDataOp(path, data, version);

        /// <summary>Fails the transaction unless the node exists with this version (-1: any version).</summary>
        public static Op Check(string path, int version) => new VersionOp(OpCode.Check, path, version);

        /// <summary>Reads a node's data (read batches only).</summary>
        public static Op GetData(string path) => new ReadOp(OpCode.GetData, path);

        /// <summary>Lists a node's children (read batches only).</summary>
        public static Op GetChildren(string path) => new ReadOp(OpCode.GetChildren, path);

        private sealed class CreateOp : Op
        {
            private readonly byte[]? _data;
            private readonly IReadOnlyList<Acl> _acl;
            private readonly CreateMode _mode;
            private readonly long _ttl;

            public CreateOp(string path, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode, long ttl) : base(path)
            {
                _data = data;
                _acl = acl ?? throw new ArgumentNullException(nameof(acl));
                _mode = mode;
                _ttl = ttl;
                CreateOptions.ValidateTtl(mode, ttl);
            }

            internal override OpCode Code => CreateOptions.OpCodeFor(_mode, withStat: false);
            internal override byte[]? Payload => _data;
            internal override bool IsSequential => _mode.IsSequential();

            internal override IRequestRecord ToRecord(string serverPath) =>
                new CreateRequest(serverPath, _data, _acl, (int)_mode, _mode.IsTtl() ? _ttl : (long?)null);
        }

        private sealed class VersionOp : Op
        {
            private readonly OpCode _code;
            private readonly int _version;

            public VersionOp(OpCode code, string path, int version) : base(path)
            {
                _code = code;
                _version = version;
            }

            internal override OpCode Code => _code;

            internal override IRequestRecord ToRecord(string serverPath) => new PathIntRequest(serverPath, _version);
        }

        private sealed class SetDataOp : Op
        {
            private readonly byte[]? _data;
            private readonly int _version;

            public SetDataOp(string path, byte[]? data, int version) : base(path)
            {
                _data = data;
                _version = version;
            }

            internal override OpCode Code => OpCode.SetData;
            internal override byte[]? Payload => _data;

            internal override IRequestRecord ToRecord(string serverPath) => new SetDataRequest(serverPath, _data, _version);
        }

        private sealed class ReadOp : Op
        {
            private readonly OpCode _code;

            public ReadOp(OpCode code, string path) : base(path) => _code = code;

            internal override OpCode Code => _code;
            internal override bool IsRead => true;

            // GetDataRequest / GetChildrenRequest are (path, watch): the watch flag must be on the wire.
            // A read batch never sets watches, as in the Java client's multiRead.
            internal override IRequestRecord ToRecord(string serverPath) => new PathWatchRequest(serverPath, false);
        }
    }
}
