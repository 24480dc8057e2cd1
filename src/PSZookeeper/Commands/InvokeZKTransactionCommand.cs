using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using PSZookeeper.Client;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// Invoke-ZKTransaction: runs ops atomically (multi): all succeed or none is applied.
    /// Ops are hashtables: @{Create='/a'; Data='x'}, @{Set='/b'; Data='y'; Version=1}, @{Delete='/c'}, @{Check='/d'; Version=0}.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ZKTransaction", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZKTransactionResult))]
    public sealed class InvokeZKTransactionCommand : ZKCmdlet
    {
        private readonly List<IDictionary> _ops = new List<IDictionary>();

        [Parameter(Mandatory = true, Position = 0)]
        [Alias("Op")]
        public IDictionary[] Operation { get; set; } = new IDictionary[0];

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
                    kinds.Add(KindOf(spec));
                }
                if (!ShouldProcess($"{ops.Count} ops", "Run ZooKeeper transaction"))
                {
                    return;
                }
                IReadOnlyList<OpResult> results = Calls(session).Once(null, "Transaction", () => session.Client.MultiAsync(ops));
                for (int i = 0; i < results.Count; i++)
                {
                    WriteObject(new ZKTransactionResult(i, kinds[i], ops[i].Path, results[i]));
                }
            }, null);
        }

        private static string KindOf(IDictionary spec)
        {
            foreach (string kind in new[] { "Create", "Set", "Delete", "Check" })
            {
                if (spec.Contains(kind))
                {
                    return kind;
                }
            }
            return "Unknown";
        }
    }
}
