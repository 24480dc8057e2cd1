using System.Collections.Generic;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Jute;

namespace PSZookeeper.Client.Protocol
{
    /// <summary>MultiOperationRecord and MultiResponse: a MultiHeader before each op or result, and a terminator.</summary>
    internal sealed class MultiRequest : IRequestRecord
    {
        private readonly IReadOnlyList<KeyValuePair<OpCode, IRequestRecord>> _ops;

        public MultiRequest(IReadOnlyList<KeyValuePair<OpCode, IRequestRecord>> ops) => _ops = ops;

        public void Write(JuteWriter w)
        {
            foreach (var op in _ops)
            {
                new MultiHeader((int)op.Key, false, -1).Write(w);
                op.Value.Write(w);
            }
            MultiHeader.Terminator.Write(w);
        }
    }

    internal static class MultiResponse
    {
        public static readonly ResponseParser<IReadOnlyList<OpResult>> Parser = (ref JuteReader r) => Read(ref r);

        public static IReadOnlyList<OpResult> Read(ref JuteReader r)
        {
            var results = new List<OpResult>();
            while (true)
            {
                MultiHeader header = MultiHeader.Read(ref r);
                if (header.Done)
                {
                    return results;
                }
                results.Add(ReadResult(ref r, header.Type));
            }
        }

        private static OpResult ReadResult(ref JuteReader r, int type)
        {
            switch ((OpCode)type)
            {
                case OpCode.Create:
                    return new CreateResult(r.ReadString() ?? string.Empty, null);
                case OpCode.Create2:
                case OpCode.CreateContainer:
                case OpCode.CreateTtl:
                    return Responses.Create2(ref r);
                case OpCode.Delete:
                    return new DeleteResult();
                case OpCode.Check:
                    return new CheckResult();
                case OpCode.SetData:
                    return new SetDataResult(Stat.Read(ref r));
                case OpCode.GetData:
                    return new GetDataResult(Responses.GetData(ref r));
                case OpCode.GetChildren:
                    return new GetChildrenResult(Responses.StringList(ref r));
                case OpCode.Error:
                    return new ErrorResult((ErrorCode)r.ReadInt());
                default:
                    throw new ProtocolException($"Malformed frame: unknown multi result type {type}.");
            }
        }
    }
}
