using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// The active master's retention (<see cref="TaskRetention"/>): finished tasks leave a mark in
    /// done/ in the order they finished, so the oldest are found by listing marks, not by reading
    /// every status. Past the count, or older than the age, a task's mark, status and results go in
    /// one transaction with many others.
    /// </summary>
    internal sealed class RetentionSweep
    {
        /// <summary>How often a sweep looks at done/ at most.</summary>
        internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

        /// <summary>The most ops one removal transaction carries (deletes are small: well under the request limit).</summary>
        internal const int MaxOps = 1000;

        /// <summary>How many marks' ages are read at once while looking for the first young one.</summary>
        private const int AgeReadWindow = 200;

        private readonly ZooKeeperClient _client;
        private readonly FarmOptions _farm;
        private readonly Func<IReadOnlyList<Op>, Task<bool>> _commit;
        private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

        // The creation time of the oldest mark the last sweep kept: no mark can be older, so until
        // it ages out (or the count is passed) there is nothing to list.
        private DateTimeOffset? _oldestKept;

        public RetentionSweep(ZooKeeperClient client, FarmOptions farm, Func<IReadOnlyList<Op>, Task<bool>> commit)
        {
            _client = client;
            _farm = farm;
            _commit = commit;
        }

        private FarmPaths Paths => _farm.Paths;

        /// <summary>Removes what retention no longer keeps; returns how many tasks it removed.</summary>
        public async Task<int> RunAsync()
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            if (now - _lastSweep < Interval)
            {
                return 0;
            }
            _lastSweep = now;
            TaskRetention keep = _farm.Retention;
            Stat? done = await _client.ExistsAsync(Paths.Done).ConfigureAwait(false);
            if (done == null || done.NumChildren == 0
                || (done.NumChildren <= keep.MaxCount && _oldestKept.HasValue && now - _oldestKept.Value < keep.MaxAge))
            {
                return 0;
            }
            List<string> marks = (await _client.GetChildrenAsync(Paths.Done).ConfigureAwait(false))
                .OrderBy(TaskNames.Sequence).ThenBy(mark => mark, StringComparer.Ordinal).ToList();
            int remove = Math.Max(0, marks.Count - keep.MaxCount);
            remove += await CountAgedOutAsync(marks, remove, now - keep.MaxAge).ConfigureAwait(false);
            return await RemoveAsync(marks.Take(remove).ToList()).ConfigureAwait(false);
        }

        /// <summary>How many marks from <paramref name="from"/> on were created before <paramref name="cutoff"/> (marks are in finishing order).</summary>
        private async Task<int> CountAgedOutAsync(List<string> marks, int from, DateTimeOffset cutoff)
        {
            _oldestKept = null;
            int count = 0;
            for (int start = from; start < marks.Count; start += AgeReadWindow)
            {
                var reads = marks.Skip(start).Take(AgeReadWindow).Select(mark => _client.ExistsAsync(FarmPaths.Child(Paths.Done, mark))).ToList();
                foreach (Task<Stat?> read in reads)
                {
                    Stat? stat = await read.ConfigureAwait(false);
                    DateTimeOffset created = stat == null ? DateTimeOffset.MinValue : DateTimeOffset.FromUnixTimeMilliseconds(stat.Ctime);
                    if (created >= cutoff)
                    {
                        _oldestKept = created;
                        return count;
                    }
                    count++;
                }
            }
            return count;
        }

        private async Task<int> RemoveAsync(List<string> marks)
        {
            var reads = marks.Select(mark => (mark, taskId: FarmPaths.TaskOfDoneMark(mark))).Select(m => (m.mark, m.taskId, chunks: ChunksAsync(m.taskId))).ToList();
            var batch = new List<(string Mark, string TaskId, IReadOnlyList<string>? Chunks)>();
            int ops = 0;
            int removed = 0;
            foreach (var (mark, taskId, chunks) in reads)
            {
                IReadOnlyList<string>? names = await chunks.ConfigureAwait(false);
                int size = 2 + (names == null ? 0 : names.Count + 1);
                if (batch.Count > 0 && ops + size > MaxOps)
                {
                    removed += await CommitAsync(batch).ConfigureAwait(false);
                    batch.Clear();
                    ops = 0;
                }
                batch.Add((mark, taskId, names));
                ops += size;
            }
            if (batch.Count > 0)
            {
                removed += await CommitAsync(batch).ConfigureAwait(false);
            }
            if (removed > 0)
            {
                _farm.Write($"master: retention removed {removed} finished task(s)");
            }
            return removed;
        }

        /// <summary>
        /// One transaction for the batch; when it is refused (a node already gone, a chunk added
        /// late), each task goes on its own, and one that still fails is removed node by node.
        /// </summary>
        private async Task<int> CommitAsync(List<(string Mark, string TaskId, IReadOnlyList<string>? Chunks)> batch)
        {
            if (await _commit(FarmTransactions.Remove(Paths, batch)).ConfigureAwait(false))
            {
                return batch.Count;
            }
            foreach (var finished in batch)
            {
                if (batch.Count == 1 || !await _commit(FarmTransactions.Remove(Paths, new[] { finished })).ConfigureAwait(false))
                {
                    await RemoveNodeByNodeAsync(finished.Mark, finished.TaskId).ConfigureAwait(false);
                }
            }
            return batch.Count;
        }

        private async Task RemoveNodeByNodeAsync(string mark, string taskId)
        {
            await _client.DeleteRecursiveAsync(Paths.TaskResults(taskId)).ConfigureAwait(false);
            foreach (string path in new[] { Paths.TaskStatus(taskId), FarmPaths.Child(Paths.Done, mark) })
            {
                try
                {
                    await _client.DeleteAsync(path).ConfigureAwait(false);
                }
                catch (NoNodeException)
                {
                    // Gone already.
                }
            }
        }

        private async Task<IReadOnlyList<string>?> ChunksAsync(string taskId)
        {
            try
            {
                return await _client.GetChildrenAsync(Paths.TaskResults(taskId)).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return null;
            }
        }
    }
}
