using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// Registers, reads and removes recurring schedules (root/schedules/&lt;name&gt;), as a submitter:
    /// whoever may submit tasks may register schedules. The elected master fires them (once per
    /// due time, even across a failover; see <see cref="ScheduleRecord"/> and the architecture notes).
    /// </summary>
    public sealed class ScheduleBook
    {
        private readonly TaskSubmitter _submitter;

        /// <summary>Works through a submitter (its session, farm and identity).</summary>
        public ScheduleBook(TaskSubmitter submitter)
        {
            _submitter = submitter ?? throw new ArgumentNullException(nameof(submitter));
        }

        private ZooKeeperClient Client => _submitter.Client;

        private FarmPaths Paths => _submitter.Paths;

        /// <summary>
        /// Registers a schedule: from now on the active master queues <paramref name="task"/> at each
        /// due time of <paramref name="cron"/>, read in <paramref name="timeZone"/>. A schedule of the
        /// same name is replaced only when <paramref name="replace"/> is set (it keeps its LastFired,
        /// and first falls due after now). A lost reply is ridden out: the record is read back and
        /// recognized, so a schedule is never registered twice.
        /// </summary>
        /// <param name="name">1 to 100 letters, digits, '.', '_' or '-'.</param>
        /// <param name="cron">5 or 6 fields (see <see cref="CronExpression"/>).</param>
        /// <param name="timeZone">An id TimeZoneInfo knows on the masters' systems too (IANA on Linux and macOS); null: UTC.</param>
        /// <param name="task">The task queued at each due time (no NotBefore).</param>
        /// <param name="replace">Replace a schedule of the same name.</param>
        /// <param name="cancellationToken">Stops waiting for a lost connection to come back.</param>
        /// <exception cref="ArgumentException">The name, the expression (naming its bad field), the zone or the task is not valid, or the expression never falls due.</exception>
        /// <exception cref="InvalidOperationException">A schedule of that name exists and <paramref name="replace"/> is not set.</exception>
        public async Task<ScheduleInfo> RegisterAsync(string name, string cron, string? timeZone, TaskSpec task, bool replace = false, CancellationToken cancellationToken = default)
        {
            ScheduleNames.Check(name);
            CronExpression expression = CronExpression.Parse(cron);
            TimeZoneInfo zone = ScheduleRecord.ResolveZone(timeZone);
            if (task == null || string.IsNullOrWhiteSpace(task.Command))
            {
                throw new ArgumentException("A schedule's task needs a command.", nameof(task));
            }
            if (task.NotBefore != null)
            {
                throw new ArgumentException("A schedule's task has no NotBefore: each of its tasks is queued at its due time.", nameof(task));
            }
            TaskSubmitter.Validate(task);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            if (expression.NextAfter(now, zone) == null)
            {
                throw new ArgumentException($"The cron expression '{expression.Text}' never falls due (no time in the next ten years matches it).", nameof(cron));
            }
            var (security, identity) = await TaskSubmitter.Reconnecting.ExecuteAsync(_ => _submitter.ReadyAsync(), cancellationToken).ConfigureAwait(false);
            task.Attempt = 1;
            var record = new ScheduleRecord
            {
                Cron = expression.Text,
                TimeZone = string.IsNullOrEmpty(timeZone) ? null : zone.Id,
                Task = task,
                CreatedBy = identity,
                Registered = now,
            };
            string path = Paths.Schedule(name);
            await TaskSubmitter.Reconnecting.ExecuteAsync(async _ =>
            {
                while (true)
                {
                    try
                    {
                        await Client.CreateAsync(path, FarmJson.Write(record), security.ScheduleAcl).ConfigureAwait(false);
                        return true;
                    }
                    catch (NodeExistsException)
                    {
                        // Ours (a lost reply), or another schedule of that name.
                    }
                    try
                    {
                        NodeData existing = await Client.GetDataAsync(path).ConfigureAwait(false);
                        ScheduleRecord? old = TryRead(existing.Data, path);
                        if (old != null && old.Registered == record.Registered && old.CreatedBy == record.CreatedBy && old.Cron == record.Cron)
                        {
                            return true;
                        }
                        if (!replace)
                        {
                            throw new InvalidOperationException($"A schedule named '{name}' exists already in the farm at {Paths.Root}; replace it (-Force) or choose another name.");
                        }
                        record.LastFired = old?.LastFired;
                        await Client.SetDataAsync(path, FarmJson.Write(record), existing.Stat.Version).ConfigureAwait(false);
                        return true;
                    }
                    catch (Exception ex) when (ex is NoNodeException || ex is BadVersionException)
                    {
                        // Removed or fired meanwhile: try again with what is there now.
                    }
                }
            }, cancellationToken).ConfigureAwait(false);
            return new ScheduleInfo(name, record, now);
        }

        /// <summary>The schedule named <paramref name="name"/>, or null when there is none.</summary>
        public async Task<ScheduleInfo?> GetAsync(string name)
        {
            ScheduleNames.Check(name);
            try
            {
                NodeData node = await Client.GetDataAsync(Paths.Schedule(name)).ConfigureAwait(false);
                return new ScheduleInfo(name, FarmJson.Read<ScheduleRecord>(node.Data, Paths.Schedule(name)), DateTimeOffset.UtcNow);
            }
            catch (NoNodeException)
            {
                return null;
            }
        }

        /// <summary>Every schedule, by name; a node that holds no valid schedule is left out.</summary>
        public Task<IReadOnlyList<ScheduleInfo>> ListAsync() => ReadAllAsync(Client, Paths);

        /// <summary>Every schedule of the farm at <paramref name="paths"/>, by name; reads only (<see cref="FarmView"/> uses it too).</summary>
        internal static async Task<IReadOnlyList<ScheduleInfo>> ReadAllAsync(ZooKeeperClient client, FarmPaths paths)
        {
            IReadOnlyList<string> names;
            try
            {
                names = await client.GetChildrenAsync(paths.Schedules).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return Array.Empty<ScheduleInfo>();
            }
            var reads = names.OrderBy(name => name, StringComparer.Ordinal).Select(name => (name, data: client.GetDataAsync(paths.Schedule(name)))).ToList();
            var list = new List<ScheduleInfo>();
            DateTimeOffset now = DateTimeOffset.UtcNow;
            foreach (var (name, data) in reads)
            {
                try
                {
                    ScheduleRecord? record = TryRead((await data.ConfigureAwait(false)).Data, paths.Schedule(name));
                    if (record != null)
                    {
                        list.Add(new ScheduleInfo(name, record, now));
                    }
                }
                catch (NoNodeException)
                {
                    // Removed meanwhile.
                }
            }
            return list;
        }

        /// <summary>Removes a schedule; false when there was none. Tasks it queued already stay.</summary>
        public async Task<bool> UnregisterAsync(string name, CancellationToken cancellationToken = default)
        {
            ScheduleNames.Check(name);
            int attempts = 0;
            return await TaskSubmitter.Reconnecting.ExecuteAsync(async _ =>
            {
                attempts++;
                try
                {
                    await Client.DeleteAsync(Paths.Schedule(name)).ConfigureAwait(false);
                    return true;
                }
                catch (NoNodeException)
                {
                    return attempts > 1; // a retry after a lost reply finds it gone: the first delete took it
                }
            }, cancellationToken).ConfigureAwait(false);
        }

        private static ScheduleRecord? TryRead(byte[]? data, string path)
        {
            try
            {
                return FarmJson.Read<ScheduleRecord>(data, path);
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
