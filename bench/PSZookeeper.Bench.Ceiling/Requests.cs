using System.Collections.Generic;
using System.Linq;
using PSZookeeper.Client;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Bench.Ceiling
{
    /// <summary>One request's op code and record, without its header (the connection adds the xid).</summary>
    internal sealed record Request(OpCode Op, IRequestRecord Record);

    /// <summary>The workloads' requests, as the client's own wire records.</summary>
    internal static class Requests
    {
        public static Request Create(string path, byte[] data) =>
            new(OpCode.Create, new CreateRequest(path, data, Ids.OpenAclUnsafe, (int)CreateMode.Persistent));

        public static Request GetData(string path) => new(OpCode.GetData, new PathWatchRequest(path, watch: false));

        public static Request SetData(string path, byte[] data) => new(OpCode.SetData, new SetDataRequest(path, data, -1));

        public static Request Delete(string path) => new(OpCode.Delete, new PathIntRequest(path, -1));

        public static Request MultiCreate(IEnumerable<string> paths, byte[] data) =>
            new(OpCode.Multi, MultiRequest.For(paths.Select(p => Op.Create(p, data, Ids.OpenAclUnsafe)).ToList(), chroot: null));
    }
}
