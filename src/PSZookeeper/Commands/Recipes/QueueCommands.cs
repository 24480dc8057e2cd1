using System;
using System.Management.Automation;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands.Recipes
{
    /// <summary>Push-ZKQueueItem: adds items to a distributed FIFO queue (one per pipeline object); outputs each item's path.</summary>
    [Cmdlet(VerbsCommon.Push, "ZKQueueItem")]
    [OutputType(typeof(string))]
    public sealed class PushZKQueueItemCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>The item: text, bytes, or an object with -AsJson.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [AllowNull]
        [AllowEmptyString]
        [Alias("Value", "Data")]
        public object? InputObject { get; set; }

        /// <summary>Store the item as JSON (ConvertTo-Json).</summary>
        [Parameter]
        public SwitchParameter AsJson { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            Try(() => WriteObject(Await(new DistributedQueue(session.Client, Path).PutAsync(Encode(InputObject, AsJson), StopToken))), Path);
        }
    }

    /// <summary>
    /// Pop-ZKQueueItem: takes the oldest items from a distributed queue, waiting up to -Timeout for
    /// one; each is removed from the queue exactly once, whoever else pops concurrently.
    /// </summary>
    [Cmdlet(VerbsCommon.Pop, "ZKQueueItem")]
    [OutputType(typeof(ZKNode))]
    public sealed class PopZKQueueItemCommand : ZKCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ZKPathCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>Seconds to wait for an item; 0 takes only what is there; -1 (default) waits until Ctrl+C.</summary>
        [Parameter]
        [ValidateRange(-1, int.MaxValue)]
        public double Timeout { get; set; } = -1;

        /// <summary>How many items to take (each waits up to -Timeout).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Count { get; set; } = 1;

        /// <summary>Return the data as bytes.</summary>
        [Parameter]
        public SwitchParameter AsByteArray { get; set; }

        /// <summary>Parse the data as JSON.</summary>
        [Parameter]
        public SwitchParameter AsJson { get; set; }

        protected override void ProcessRecord()
        {
            ZKSession session = ResolveSession();
            var queue = new DistributedQueue(session.Client, Path);
            TimeSpan timeout = Leases.TimeoutOf(Timeout);
            for (int i = 0; i < Count; i++)
            {
                QueueItem? item = null;
                if (!Try(() => item = Await(queue.TakeAsync(timeout, StopToken)), Path) || item == null)
                {
                    return;
                }
                using (item)
                {
                    // Removed first, output after: an item is output only once it is ours alone.
                    if (Try(() => Await(item.CompleteAsync(null, StopToken)), item.Path))
                    {
                        WriteObject(ToNode(item.Path, item.Data, item.Stat, session, FormatOf(AsByteArray, AsJson)));
                    }
                }
            }
        }
    }
}
