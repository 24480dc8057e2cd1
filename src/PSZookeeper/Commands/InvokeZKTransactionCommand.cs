using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// Invoke-ZKTransaction: runs write ops atomically (multi): all succeed or none is applied; or
    /// read ops in one round trip (multiRead, ZooKeeper 3.6+), each succeeding or failing alone.
    /// Ops are hashtables: @{Create='/a'; Data='x'}, @{Set='/b'; Data='y'; Version=1}, @{Delete='/c'},
    /// @{Check='/d'; Version=0}; reads @{Get='/e'}, @{GetChildren='/f'}.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ZKTransaction", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZKTransactionResult))]
    public sealed class InvokeZKTransactionCommand : ZKCmdlet
    {
        private readonly List<IDictionary> _ops = new List<IDictionary>();

        [Parameter(Mandatory = true, Position = 0)]
        [Alias("Op")]
        public IDictionary[] Operation { get; set; } = new IDictionary[0];

        /// <summary>Read ops: return data as a byte array instead of text.</summary>
        [Parameter]
        public SwitchParameter AsByteArray { get; set; }

        protected override void ProcessRecord() => _ops.AddRange(Operation);

        protected override void EndProcessing()
        {
            ZKSession session = ResolveSession();
            Try(() =>
            {
                var ops = new List<Op>();
                var kinds = new List<string>();
                foreach (IDictionary spec in _ops)
                {
                    ops.Add(TransactionOps.FromDictionary(spec, value => Encode(value, false)));
                    kinds.Add(TransactionOps.KindOf(spec)!);
                }
                if (kinds.Count > 0 && kinds.All(TransactionOps.IsRead))
                {
                    Read(session, ops, kinds);
                    return;
                }
                if (kinds.Any(TransactionOps.IsRead))
                {
                    throw new ArgumentException("A transaction is all writes (applied atomically) or all reads (Get, GetChildren: one round trip); run the reads and the writes as two transactions.");
                }
                if (!ShouldProcess($"{ops.Count} ops", "Run ZooKeeper transaction"))
                {
                    return;
                }
                IReadOnlyList<OpResult> results = Calls(session).Once(null, "Transaction", () => session.Client.MultiAsync(ops));
                for (int i = 0; i < results.Count; i++)
                {
                    WriteObject(new ZKTransactionResult(i, kinds[i], ops[i].Path, results[i], null));
                }
            }, null);
        }

        /// <summary>A read batch: each op stands alone, so a failed one is a non-terminating error and the others still come out.</summary>
        private void Read(ZKSession session, List<Op> ops, List<string> kinds)
        {
            IReadOnlyList<OpResult> results = Await(session.Client.MultiReadAsync(ops));
            for (int i = 0; i < results.Count; i++)
            {
                if (results[i] is ErrorResult error)
                {
                    WriteZKError(ZooKeeperException.Create(error.Code, ops[i].Path, $"read op #{i} failed"), ops[i].Path);
                    continue;
                }
                byte[]? bytes = (results[i] as GetDataResult)?.Node.Data;
                object? data = results[i] is GetDataResult ? DataCodec.Decode(bytes, AsByteArray ? DataFormat.Bytes : DataFormat.Text, null) : null;
                WriteObject(new ZKTransactionResult(i, kinds[i], ops[i].Path, results[i], data));
            }
        }
    }
}
