using System.Collections.Generic;
using PSZookeeper.Client.Jute;

namespace PSZookeeper.Client.Protocol
{
    /// <summary>Decoders for reply bodies. Bytes after the known fields are tolerated (the frame is discarded whole).</summary>
    internal static class Responses
    {
        public static readonly ResponseParser<bool> Empty = (ref JuteReader r) => true;

        /// <summary>CreateResponse, SyncResponse: a path.</summary>
        public static readonly ResponseParser<string> Path = (ref JuteReader r) => r.ReadString() ?? string.Empty;

        /// <summary>ExistsResponse, SetDataResponse, SetACLResponse: a Stat.</summary>
        public static readonly ResponseParser<Stat> Stat = (ref JuteReader r) => Client.Stat.Read(ref r);

        /// <summary>Create2Response (also the reply to createContainer and createTTL).</summary>
        public static readonly ResponseParser<CreateResult> Create2 =
            (ref JuteReader r) => new CreateResult(r.ReadString() ?? string.Empty, Client.Stat.Read(ref r));

        public static readonly ResponseParser<NodeData> GetData =
            (ref JuteReader r) => new NodeData(r.ReadBuffer(), Client.Stat.Read(ref r));

        /// <summary>GetChildrenResponse, GetEphemeralsResponse: a string vector.</summary>
        public static readonly ResponseParser<IReadOnlyList<string>> StringList =
            (ref JuteReader r) => (IReadOnlyList<string>?)r.ReadStringList() ?? new string[0];

        public static readonly ResponseParser<ChildrenWithStat> GetChildren2 =
            (ref JuteReader r) => new ChildrenWithStat((IReadOnlyList<string>?)r.ReadStringList() ?? new string[0], Client.Stat.Read(ref r));

        public static readonly ResponseParser<AclWithStat> GetAcl =
            (ref JuteReader r) => new AclWithStat((IReadOnlyList<Acl>?)Acl.ReadList(ref r) ?? new Acl[0], Client.Stat.Read(ref r));

        public static readonly ResponseParser<int> Int = (ref JuteReader r) => r.ReadInt();

        public static readonly ResponseParser<IReadOnlyList<ClientInfo>> WhoAmI = (ref JuteReader r) =>
        {
            int count = r.ReadVectorCount("ClientInfo vector", 8);
            var list = new List<ClientInfo>(count < 0 ? 0 : count);
            for (int i = 0; i < count; i++)
            {
                list.Add(new ClientInfo(r.ReadString() ?? string.Empty, r.ReadString() ?? string.Empty));
            }
            return list;
        };
    }
}
