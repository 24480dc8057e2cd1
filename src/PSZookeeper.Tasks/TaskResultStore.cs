using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// A task attempt's result items (serialized objects, opaque here) kept in ZooKeeper as
    /// bounded chunks, root/results/taskid/a&lt;attempt&gt;-&lt;index&gt;, so no node comes near the
    /// server's 1 MiB limit. Items are length-prefixed and kept whole: when the farm's limit is
    /// reached, the remaining items are left out and the summary says how much was kept.
    /// </summary>
    public static class TaskResultStore
    {
        /// <summary>Bytes per chunk node: half the server's default jute.maxbuffer.</summary>
        public const int ChunkBytes = 512 * 1024;

        /// <summary>
        /// Prepares one attempt's result for the transaction that records it: a result of one chunk
        /// whose folder does not exist yet becomes ops of that transaction (no write of its own, and
        /// nothing to undo when the transaction is refused); a larger one is written now, chunk by
        /// chunk (<see cref="WriteAsync"/>), and must be deleted when the transaction is refused.
        /// </summary>
        internal static async Task<StoredResult> StoreAsync(ZooKeeperClient client, FarmPaths paths, string taskId, int attempt,
            IReadOnlyList<string> items, long maxBytes, IReadOnlyList<Acl> acl)
        {
            byte[] payload = Frame(items, maxBytes, out TaskResultSummary summary);
            if (summary.Chunks <= 1 && await client.ExistsAsync(paths.TaskResults(taskId)).ConfigureAwait(false) == null)
            {
                var ops = new List<Op> { Op.Create(paths.TaskResults(taskId), null, acl) };
                if (summary.Chunks == 1)
                {
                    ops.Add(Op.Create(paths.ResultChunk(taskId, attempt, 0), payload, acl));
                }
                return new StoredResult(summary, ops, writtenAhead: false);
            }
            return new StoredResult(await WriteAsync(client, paths, taskId, attempt, items, maxBytes, acl).ConfigureAwait(false), Array.Empty<Op>(), writtenAhead: true);
        }

        /// <summary>Writes the items of one attempt; returns what was kept. Chunks left by an earlier try of the same attempt are replaced.</summary>
        public static async Task<TaskResultSummary> WriteAsync(ZooKeeperClient client, FarmPaths paths, string taskId, int attempt,
            IReadOnlyList<string> items, long maxBytes, IReadOnlyList<Acl> acl)
        {
            byte[] payload = Frame(items, maxBytes, out TaskResultSummary summary);
            await client.EnsurePathAsync(paths.TaskResults(taskId), null, acl).ConfigureAwait(false);
            for (int index = 0; index < summary.Chunks; index++)
            {
                int offset = index * ChunkBytes;
                byte[] chunk = new byte[Math.Min(ChunkBytes, payload.Length - offset)];
                Buffer.BlockCopy(payload, offset, chunk, 0, chunk.Length);
                string path = paths.ResultChunk(taskId, attempt, index);
                try
                {
                    await client.CreateAsync(path, chunk, acl, CreateMode.Persistent).ConfigureAwait(false);
                }
                catch (NodeExistsException)
                {
                    await client.SetDataAsync(path, chunk).ConfigureAwait(false);
                }
            }
            return summary;
        }

        /// <summary>Reads the items of the attempt <paramref name="status"/> reports; empty when it has no result.</summary>
        public static async Task<IReadOnlyList<string>> ReadAsync(ZooKeeperClient client, FarmPaths paths, string taskId, TaskStatusRecord status)
        {
            TaskResultSummary? summary = status.Result;
            if (summary == null || summary.Chunks == 0)
            {
                return Array.Empty<string>();
            }
            Task<NodeData>[] reads = Enumerable.Range(0, summary.Chunks)
                .Select(index => client.GetDataAsync(paths.ResultChunk(taskId, status.Attempt, index))).ToArray();
            using (var payload = new MemoryStream())
            {
                foreach (Task<NodeData> read in reads)
                {
                    byte[]? data = (await read.ConfigureAwait(false)).Data;
                    payload.Write(data ?? Array.Empty<byte>(), 0, data?.Length ?? 0);
                }
                return Unframe(payload.ToArray(), paths.TaskResults(taskId));
            }
        }

        /// <summary>Deletes every chunk of one attempt (a result the farm refused).</summary>
        public static async Task DeleteAttemptAsync(ZooKeeperClient client, FarmPaths paths, string taskId, int attempt)
        {
            string prefix = "a" + attempt + "-";
            IReadOnlyList<string> names;
            try
            {
                names = await client.GetChildrenAsync(paths.TaskResults(taskId)).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return;
            }
            foreach (string name in names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
            {
                try
                {
                    await client.DeleteAsync(ZNodePath.Join(paths.TaskResults(taskId), name)).ConfigureAwait(false);
                }
                catch (NoNodeException)
                {
                    // Gone already.
                }
            }
        }

        /// <summary>The kept items, length-prefixed, and the summary of what was kept.</summary>
        private static byte[] Frame(IReadOnlyList<string> items, long maxBytes, out TaskResultSummary summary)
        {
            using (var payload = new MemoryStream())
            {
                int kept = 0;
                foreach (string item in items)
                {
                    byte[] bytes = Encoding.UTF8.GetBytes(item);
                    if (payload.Length + 4 + bytes.Length > maxBytes)
                    {
                        break;
                    }
                    payload.Write(new[] { (byte)(bytes.Length >> 24), (byte)(bytes.Length >> 16), (byte)(bytes.Length >> 8), (byte)bytes.Length }, 0, 4);
                    payload.Write(bytes, 0, bytes.Length);
                    kept++;
                }
                summary = new TaskResultSummary
                {
                    Items = items.Count,
                    ItemsKept = kept,
                    Bytes = items.Sum(i => 4L + Encoding.UTF8.GetByteCount(i)),
                    BytesKept = payload.Length,
                    Chunks = (int)((payload.Length + ChunkBytes - 1) / ChunkBytes),
                };
                return payload.ToArray();
            }
        }

        private static IReadOnlyList<string> Unframe(byte[] payload, string where)
        {
            var items = new List<string>();
            int offset = 0;
            while (offset < payload.Length)
            {
                if (offset + 4 > payload.Length)
                {
                    throw new FormatException($"The result under {where} is cut inside an item's length.");
                }
                int length = (payload[offset] << 24) | (payload[offset + 1] << 16) | (payload[offset + 2] << 8) | payload[offset + 3];
                offset += 4;
                if (length < 0 || offset + length > payload.Length)
                {
                    throw new FormatException($"The result under {where} is cut inside an item.");
                }
                items.Add(Encoding.UTF8.GetString(payload, offset, length));
                offset += length;
            }
            return items;
        }
    }

    /// <summary>An attempt's result ready for the transaction that records it.</summary>
    internal sealed class StoredResult
    {
        public StoredResult(TaskResultSummary summary, IReadOnlyList<Op> ops, bool writtenAhead)
        {
            Summary = summary;
            Ops = ops;
            WrittenAhead = writtenAhead;
        }

        /// <summary>What was kept.</summary>
        public TaskResultSummary Summary { get; }

        /// <summary>Ops for the recording transaction (the result folder and its one chunk), or none.</summary>
        public IReadOnlyList<Op> Ops { get; }

        /// <summary>True when the chunks were written before the transaction: delete them if it is refused.</summary>
        public bool WrittenAhead { get; }
    }

    /// <summary>How much of an attempt's result was kept (a task record says so, never a silent cut).</summary>
    public sealed class TaskResultSummary
    {
        /// <summary>Items the attempt produced.</summary>
        public int Items { get; set; }

        /// <summary>Items kept; fewer than <see cref="Items"/> when the farm's limit cut the result.</summary>
        public int ItemsKept { get; set; }

        /// <summary>Bytes of all items.</summary>
        public long Bytes { get; set; }

        /// <summary>Bytes kept.</summary>
        public long BytesKept { get; set; }

        /// <summary>Chunk nodes holding the kept bytes.</summary>
        public int Chunks { get; set; }

        /// <summary>True when the limit cut the result.</summary>
        public bool Truncated => ItemsKept < Items;
    }
}
