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
        /// <summary>
        /// Runs create / delete / setData / check ops as one atomic transaction: all apply or none.
        /// </summary>
        /// <returns>One result per op, in order.</returns>
        /// <exception cref="ZooKeeperException">
        /// The transaction failed: the exception type is the failing op's error, and
        /// <see cref="ZooKeeperException.Results"/> holds every op's result.
        /// </exception>
        public async Task<IReadOnlyList<OpResult>> MultiAsync(IEnumerable<Op> ops)
        {
            List<Op> list = PrepareOps(ops, read: false);
            IReadOnlyList<OpResult> results = await Send(new PendingRequest<IReadOnlyList<OpResult>>(
                OpCode.Multi, MultiRequest.For(list, _chroot), null, ResultsParser(list.Count))).ConfigureAwait(false);
            results = ToClientPaths(results);
            for (int i = 0; i < results.Count; i++)
            {
                if (results[i] is ErrorResult error && error.Code != ErrorCode.Ok && error.Code != ErrorCode.RuntimeInconsistency)
                {
                    ZooKeeperException failure = ZooKeeperException.Create(error.Code, list[i].Path, $"transaction op #{i} failed; nothing was applied");
                    failure.Results = results;
                    failure.FailedOpIndex = i;
                    throw failure;
                }
            }
            return results;
        }

        /// <summary>
        /// Runs getData / getChildren ops in one round trip (multiRead). Each op succeeds or fails on
        /// its own: a failure is an <see cref="ErrorResult"/> in its slot, nothing is thrown.
        /// </summary>
        public async Task<IReadOnlyList<OpResult>> MultiReadAsync(IEnumerable<Op> ops)
        {
            List<Op> list = PrepareOps(ops, read: true);
            return await Send(new PendingRequest<IReadOnlyList<OpResult>>(
                OpCode.MultiRead, MultiRequest.For(list, _chroot), null, ResultsParser(list.Count))).ConfigureAwait(false);
        }

        private List<Op> PrepareOps(IEnumerable<Op> ops, bool read)
        {
            if (ops == null)
            {
                throw new ArgumentNullException(nameof(ops));
            }
            var list = new List<Op>(ops);
            for (int i = 0; i < list.Count; i++)
            {
                Op op = list[i] ?? throw new ArgumentException($"Op #{i} is null.", nameof(ops));
                if (op.IsRead != read)
                {
                    throw new ArgumentException(read
                        ? $"Op #{i} ({op.Code}) writes; a read batch takes only GetData and GetChildren."
                        : $"Op #{i} ({op.Code}) is a read; use MultiReadAsync for reads.", nameof(ops));
                }
                ZNodePath.Validate(op.Path, op.IsSequential);
                CheckData(op.Payload, op.Path);
            }
            return list;
        }

        private static ResponseParser<IReadOnlyList<OpResult>> ResultsParser(int opCount) =>
            (ref Jute.JuteReader r) => MultiResponse.Read(ref r, opCount);

        private IReadOnlyList<OpResult> ToClientPaths(IReadOnlyList<OpResult> results)
        {
            if (_chroot == null)
            {
                return results;
            }
            var mapped = new List<OpResult>(results.Count);
            foreach (OpResult result in results)
            {
                mapped.Add(result is CreateResult created ? created.WithPath(ToClientPath(created.Path)) : result);
            }
            return mapped;
        }
    }
}
