using System;
using System.Collections.Generic;
using System.Linq;
using PSZookeeper.Client;

namespace PSZookeeper.Tasks
{
    /// <summary>
    /// The farm's trust model, as ZooKeeper ACLs. A task is code that the workers run, so who may
    /// create nodes where decides who may run code on every worker. Two roles:
    /// <list type="bullet">
    /// <item>the farm identity (masters and workers): every permission on every farm node;</item>
    /// <item>submitters: create, read and delete (cancel) queued tasks in tasks/ and schedules in
    /// schedules/, rewrite schedules (replace), read everything else.</item>
    /// </list>
    /// Nobody else gets anything, except read everywhere when <see cref="WorldRead"/> is chosen.
    /// ZooKeeper checks a create or delete against the parent's ACL and every other operation
    /// against the node's own, so the model gives each node an ACL of its own (none is inherited).
    /// </summary>
    public sealed class FarmSecurity
    {
        /// <summary>What submitters may do in the tasks folder: add tasks, see them, cancel (delete) queued ones.</summary>
        public const Permissions SubmitterTaskPermissions = Permissions.Create | Permissions.Read | Permissions.Delete;

        /// <summary>
        /// What submitters may do to a schedule node: read it and replace its record (write). A
        /// submitter may delete and re-create any schedule anyway (the folder grants that), so write
        /// grants nothing more; it lets a replacement change the node's version, which the master's
        /// firing transaction checks, where a delete and create would start again at version 0.
        /// </summary>
        public const Permissions SubmitterSchedulePermissions = Permissions.Read | Permissions.Write;

        private FarmSecurity(IReadOnlyList<Id> farmIds, IReadOnlyList<Id> submitterIds, bool worldRead, bool isOpen)
        {
            FarmIds = farmIds;
            SubmitterIds = submitterIds;
            WorldRead = worldRead;
            IsOpen = isOpen;
            NodeAcl = isOpen ? Ids.OpenAclUnsafe : Build(Permissions.Read);
            RootAcl = isOpen || !worldRead ? NodeAcl : NodeAcl.Where(entry => !entry.Id.Equals(Ids.AnyoneIdUnsafe)).ToList();
            TasksFolderAcl = isOpen ? Ids.OpenAclUnsafe : Build(SubmitterTaskPermissions);
            ScheduleAcl = isOpen ? Ids.OpenAclUnsafe : Build(SubmitterSchedulePermissions);
        }

        /// <summary>
        /// No access control: everyone may do everything (world:anyone:cdrwa on every node), so anyone
        /// who reaches ZooKeeper can run code on every worker. For a trusted, isolated network only.
        /// </summary>
        public static FarmSecurity Open { get; } = new FarmSecurity(Array.Empty<Id>(), Array.Empty<Id>(), true, true);

        /// <summary>A secured farm.</summary>
        /// <param name="farmIds">The identity of masters and workers (one, normally: a digest id or a certificate's x509 subject).</param>
        /// <param name="submitterIds">Identities that may only submit, read and cancel; may be empty (then only the farm identity submits).</param>
        /// <param name="worldRead">Let everyone read every farm node (tasks, inputs, outputs): off unless chosen.</param>
        public static FarmSecurity Secured(IEnumerable<Id> farmIds, IEnumerable<Id>? submitterIds = null, bool worldRead = false)
        {
            List<Id> farm = Distinct(farmIds ?? throw new ArgumentNullException(nameof(farmIds)));
            if (farm.Count == 0)
            {
                throw new ArgumentException("A secured farm needs a farm identity.", nameof(farmIds));
            }
            List<Id> submitters = Distinct(submitterIds ?? Enumerable.Empty<Id>()).Where(id => !farm.Contains(id)).ToList();
            foreach (Id id in farm.Concat(submitters))
            {
                if (id.Scheme == "world" || id.Scheme == "auth" || id.Scheme == "ip")
                {
                    throw new ArgumentException($"'{id.Scheme}' does not identify a farm participant: use digest or x509 identities.", nameof(farmIds));
                }
            }
            return new FarmSecurity(farm, submitters, worldRead, false);
        }

        /// <summary>True for <see cref="Open"/>.</summary>
        public bool IsOpen { get; }

        /// <summary>The masters' and workers' identities (every permission everywhere).</summary>
        public IReadOnlyList<Id> FarmIds { get; }

        /// <summary>The submit-only identities.</summary>
        public IReadOnlyList<Id> SubmitterIds { get; }

        /// <summary>Whether everyone may read every farm node.</summary>
        public bool WorldRead { get; }

        /// <summary>The ACL of every farm node except the tasks folder: farm all, submitters read, world read if chosen.</summary>
        public IReadOnlyList<Acl> NodeAcl { get; }

        /// <summary>The root's ACL: as <see cref="NodeAcl"/> but never world-readable, since the root's data states the model's identities.</summary>
        public IReadOnlyList<Acl> RootAcl { get; }

        /// <summary>The ACL of the tasks folder and of its queue buckets: as <see cref="NodeAcl"/>, but submitters may also create and delete tasks.</summary>
        public IReadOnlyList<Acl> TasksFolderAcl { get; }

        /// <summary>A schedule node's ACL: as <see cref="NodeAcl"/>, but submitters may also replace its record.</summary>
        public IReadOnlyList<Acl> ScheduleAcl { get; }

        /// <summary>The ACL the model gives <paramref name="path"/> (the schedules folder is the tasks folder's kind: submitters add and remove there).</summary>
        public IReadOnlyList<Acl> ExpectedAcl(FarmPaths paths, string path) =>
            path == paths.Tasks || path == paths.Schedules || IsBucket(paths, path) ? TasksFolderAcl
            : path == paths.Root ? RootAcl
            : paths.IsSchedule(path) ? ScheduleAcl
            : NodeAcl;

        /// <summary>A queue bucket is a folder of tasks like tasks/ itself: submitters add and cancel tasks in it.</summary>
        private static bool IsBucket(FarmPaths paths, string path) =>
            path.StartsWith(paths.Tasks + "/", StringComparison.Ordinal) && path.IndexOf('/', paths.Tasks.Length + 1) < 0
            && QueueBucket.TryParse(path.Substring(paths.Tasks.Length + 1), out _);

        /// <summary>
        /// True when <paramref name="actual"/> grants someone a permission the model does not:
        /// that node lets an outsider (or a submitter) do more than the model allows.
        /// </summary>
        public static bool IsWeaker(IReadOnlyList<Acl> actual, IReadOnlyList<Acl> expected) =>
            actual.Any(entry => (entry.Perms & ~Allowed(expected, entry.Id)) != 0);

        /// <summary>
        /// True when <paramref name="actual"/> grants more than <paramref name="expected"/> as a
        /// session without Admin on the node sees them: ZooKeeper then shows digest ids as user:x
        /// (it hides the hashes), so digest ids are compared by user name.
        /// </summary>
        public static bool IsWeakerAsSeenWithoutAdmin(IReadOnlyList<Acl> actual, IReadOnlyList<Acl> expected) =>
            IsWeaker(actual.Select(Redact).ToList(), expected.Select(Redact).ToList());

        /// <summary>The model as the root node's data states it, so submitters (who cannot see digest hashes in ACLs) know it.</summary>
        public byte[] ToRootData() => FarmJson.Write(new FarmModelRecord
        {
            Farm = FarmIds.Select(id => id.ToString()).ToList(),
            Submitters = SubmitterIds.Select(id => id.ToString()).ToList(),
            WorldRead = WorldRead,
        });

        /// <summary>The model a farm's root states (written by its masters and workers).</summary>
        /// <exception cref="FarmSecurityException">The root states no valid model.</exception>
        public static FarmSecurity FromRootData(FarmPaths paths, byte[]? data)
        {
            try
            {
                FarmModelRecord record = FarmJson.Read<FarmModelRecord>(data, paths.Root);
                return Secured(record.Farm.Select(ParseId), record.Submitters.Select(ParseId), record.WorldRead);
            }
            catch (Exception ex) when (ex is FormatException || ex is ArgumentException)
            {
                throw new FarmSecurityException(paths.Root, $"The farm root {paths.Root} states no trust model ({ex.Message}): it is an open farm, or not a farm. Start its masters and workers with the farm identity (and -RepairAcl if they refuse it).");
            }
        }

        /// <summary>Describes the model without secrets (digest ids by user name only).</summary>
        public override string ToString() => IsOpen
            ? "open (world:anyone:cdrwa)"
            : $"farm {string.Join(", ", FarmIds.Select(AclText.Format))}; submitters {(SubmitterIds.Count == 0 ? "(the farm identity only)" : string.Join(", ", SubmitterIds.Select(AclText.Format)))}; world read {(WorldRead ? "yes" : "no")}";

        private static Permissions Allowed(IReadOnlyList<Acl> acl, Id id)
        {
            Permissions allowed = Permissions.None;
            foreach (Acl entry in acl)
            {
                if (entry.Id.Equals(id))
                {
                    allowed |= entry.Perms;
                }
            }
            return allowed;
        }

        private IReadOnlyList<Acl> Build(Permissions submitterPermissions)
        {
            var acl = FarmIds.Select(id => new Acl(Permissions.All, id))
                .Concat(SubmitterIds.Select(id => new Acl(submitterPermissions, id))).ToList();
            if (WorldRead)
            {
                acl.Add(new Acl(Permissions.Read, Ids.AnyoneIdUnsafe));
            }
            return acl;
        }

        private static Id Redact(Id id)
        {
            if (id.Scheme != "digest")
            {
                return id;
            }
            int colon = id.Ident.IndexOf(':');
            return new Id("digest", (colon < 0 ? id.Ident : id.Ident.Substring(0, colon)) + ":x");
        }

        private static Acl Redact(Acl entry) => new Acl(entry.Perms, Redact(entry.Id));

        private static Id ParseId(string text)
        {
            int colon = text.IndexOf(':');
            return colon > 0 ? new Id(text.Substring(0, colon), text.Substring(colon + 1)) : throw new FormatException($"'{text}' is not scheme:id");
        }

        private static List<Id> Distinct(IEnumerable<Id> ids) => ids.Distinct().ToList();
    }
}
