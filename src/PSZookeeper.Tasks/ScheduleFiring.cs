using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// The active master's part in recurring schedules. It reads root/schedules/ when a schedule it
    /// knows falls due, when its one-shot watches on the folder's children and on each schedule's
    /// data report a change (a registration, replacement or removal), and at least every
    /// <see cref="TaskMaster.SafetyInterval"/>; passes in between cost nothing. A due schedule fires in ONE fenced transaction: set its record's
    /// LastFired to the due time (checked against the version it read) + queue the task. So each
    /// due time queues one task even across a failover: a deposed master's transaction fails its
    /// fence, a master that read an older version fails the version check, and a new master starts
    /// from the LastFired it reads. When due times were missed (no master ran, or the master ran
    /// late), only the latest of them fires: a schedule catches up once, never with a backlog.
    /// A schedule node whose ACL is weaker than the model, or that holds no valid schedule, is
    /// never fired (logged once per version of the node).
    /// </summary>
    internal sealed class ScheduleFiring
    {
        private readonly ZooKeeperClient _client;
        private readonly FarmOptions _farm;
        private readonly FarmSecurity _security;
        private readonly Op _fence;
        private readonly HashSet<string> _reported = new HashSet<string>(StringComparer.Ordinal);
        private readonly Action<WatchedEvent> _onChange;
        private DateTimeOffset _nextRead = DateTimeOffset.MinValue;
        private volatile bool _changed;

        // fence: an op that fails once this master no longer leads; it is prepended to every transaction.
        public ScheduleFiring(FarmSession session, FarmOptions farm, Op fence)
        {
            _client = session.Client;
            _security = session.Security;
            _farm = farm;
            _fence = fence;
            _onChange = _ => _changed = true; // the master's watch on its root wakes the pass that reads again
        }

        /// <summary>The earliest due time of the schedules read last; null when none is due.</summary>
        public DateTimeOffset? NextDue { get; private set; }

        private FarmPaths Paths => _farm.Paths;

        /// <summary>Fires what is due; reads the schedules only when one is due or the safety interval has passed.</summary>
        public async Task RunOnceAsync()
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            if (now < _nextRead && !(NextDue <= now) && !_changed)
            {
                return;
            }
            _nextRead = now + TaskMaster.SafetyInterval;
            _changed = false;
            IReadOnlyList<string> names;
            try
            {
                names = await _client.GetChildrenAsync(Paths.Schedules, _onChange).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                names = Array.Empty<string>(); // a farm made before schedules existed, until a participant ensures its folders
            }
            var reads = names.Select(name => (name, data: _client.GetDataAsync(Paths.Schedule(name), _onChange),
                acl: _security.IsOpen ? null : _client.GetAclAsync(Paths.Schedule(name)))).ToList();
            DateTimeOffset? earliest = null;
            foreach (var (name, data, aclRead) in reads)
            {
                NodeData node;
                IReadOnlyList<Acl>? acl;
                try
                {
                    node = await data.ConfigureAwait(false);
                    acl = aclRead == null ? null : (await aclRead.ConfigureAwait(false)).Acl;
                }
                catch (NoNodeException)
                {
                    continue; // unregistered meanwhile
                }
                DateTimeOffset? next = await ConsiderAsync(name, node, acl, now).ConfigureAwait(false);
                if (next.HasValue && (earliest == null || next < earliest))
                {
                    earliest = next;
                }
            }
            NextDue = earliest;
        }

        /// <summary>Fires one schedule if it is due; returns its next due time (null when it is refused or never due again).</summary>
        private async Task<DateTimeOffset?> ConsiderAsync(string name, NodeData node, IReadOnlyList<Acl>? acl, DateTimeOffset now)
        {
            string path = Paths.Schedule(name);
            string version = $"{path}@{node.Stat.Czxid}/{node.Stat.Version}/{node.Stat.Aversion}";
            if (acl != null && FarmSecurity.IsWeaker(acl, _security.ScheduleAcl))
            {
                Report(version, $"master: never firing schedule {name}: its node's ACL [{AclText.Format(acl)}] is weaker than the farm's model [{AclText.Format(_security.ScheduleAcl)}], so anyone could have rewritten it");
                return null;
            }
            ScheduleRecord record;
            CronExpression cron;
            TimeZoneInfo zone;
            try
            {
                record = FarmJson.Read<ScheduleRecord>(node.Data, path);
                cron = CronExpression.Parse(record.Cron);
                zone = record.Zone();
                if (string.IsNullOrWhiteSpace(record.Task?.Command))
                {
                    throw new FormatException("its task has no command");
                }
            }
            catch (Exception ex) when (ex is FormatException || ex is ArgumentException)
            {
                Report(version, $"master: never firing schedule {name}: {ex.Message}");
                return null;
            }
            DateTimeOffset? due = cron.LatestIn(record.FiredThrough, now, zone);
            if (due == null)
            {
                return cron.NextAfter(record.FiredThrough, zone);
            }
            return await FireAsync(name, record, node.Stat.Version, due.Value, now).ConfigureAwait(false)
                ? cron.NextAfter(due.Value, zone)
                : null; // refused: the next read (within the safety interval) decides again
        }

        /// <summary>
        /// Queues the due time's task and records the due time as fired, in one fenced transaction;
        /// false when it was refused past the fence (the record was replaced or removed meanwhile).
        /// </summary>
        private async Task<bool> FireAsync(string name, ScheduleRecord record, int version, DateTimeOffset due, DateTimeOffset now)
        {
            TaskSpec task = FarmJson.Read<TaskSpec>(FarmJson.Write(record.Task), "task");
            task.Attempt = 1;
            task.Submitted = now;
            task.SubmittedBy = record.CreatedBy;
            task.NotBefore = null;
            record.LastFired = due;
            // The task waits in the queue bucket of its priority and this second, as a submitted one
            // would; a bucket someone made weaker than tasks/ would get the task refused, so the
            // schedule waits for the next pass (and the next second's bucket) instead.
            QueueBucket bucket = QueueBucket.For(task.Priority, now);
            if (await QueueBuckets.EnsureTrustedAsync(_client, Paths, _security, bucket.Name).ConfigureAwait(false) != null)
            {
                _farm.Write($"master: schedule {name} did not fire for {due.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}: its queue bucket {Paths.Bucket(bucket.Name)} is weaker than the farm's model");
                return false;
            }
            var ops = new[]
            {
                _fence,
                Op.SetData(Paths.Schedule(name), FarmJson.Write(record), version),
                Op.Create(ZNodePath.Join(Paths.Bucket(bucket.Name), TaskNames.Prefix(ScheduleNames.TaskKey(name, due), bucket)), FarmJson.Write(task),
                    _security.NodeAcl, CreateMode.PersistentSequential),
            };
            try
            {
                await _client.MultiAsync(ops).ConfigureAwait(false);
            }
            catch (ZooKeeperException ex) when (ex.FailedOpIndex > 0)
            {
                _farm.Write($"master: schedule {name} did not fire for {due.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} ({ex.Code} at op {ex.FailedOpIndex}); reading it again");
                return false;
            }
            _farm.Write($"master: schedule {name} fired for {due.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
            return true;
        }

        private void Report(string version, string line)
        {
            if (_reported.Add(version))
            {
                _farm.Write(line);
            }
        }
    }
}
