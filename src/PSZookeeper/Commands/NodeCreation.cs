using System.Collections.Generic;
using PSZookeeper.Client;
using PSZookeeper.Core;
using PSZookeeper.Framework;

namespace PSZookeeper.Commands
{
    /// <summary>What the three create cmdlets share.</summary>
    internal static class NodeCreation
    {
        public static ZKNode Create(ZKCmdlet cmdlet, ZKSession session, string path, object? value, bool asJson,
            IReadOnlyList<Acl>? acl, CreateMode mode, long ttl, bool createParents, bool protect = false)
        {
            byte[]? data = cmdlet.Encode(value, asJson);
            CreateResult created = cmdlet.Calls(session).Create(path, data, acl, mode, ttl, createParents, protect);
            return new ZKNode(created.Path, data, DataCodec.Decode(data, DataFormat.Text, null), created.Stat!, session);
        }
    }
}
