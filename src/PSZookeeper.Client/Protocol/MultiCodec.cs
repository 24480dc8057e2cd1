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

        /// <summary>The record for validated ops, with each path under <paramref name="chroot"/>.</summary>
        public static MultiRequest For(IReadOnlyList<Op> ops, string? chroot)
        {
            var records = new KeyValuePair<OpCode, IRequestRecord>[ops.Count];
            for (int i = 0; i < records.Length; i++)
            {
                Op op = ops[i];
                records[i] = new KeyValuePair<OpCode, IRequestRecord>(op.Code, op.ToRecord(ZNodePath.ApplyChroot(chroot, op.Path)));
            }
            return new MultiRequest(records);
        }

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
        /// <summary>Reads the results; <paramref name="expectedCount"/> (the number of ops sent) sizes the list.</summary>
        public static IReadOnlyList<OpResult> Read(ref JuteReader r, int expectedCount = 0)
        {
            var results = new List<OpResult>(expectedCount);
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
