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
    /// Creates the farm's folders with the model's ACLs and checks that no farm node is weaker
    /// than the model: a participant works only with a farm that holds. A weak node is refused by
    /// name, or repaired when the caller confirms it: a folder gets the model's ACL, but a queued
    /// task or an assignment with a weak ACL may have been rewritten by anyone, so it is removed, never blessed.
    /// </summary>
    internal static class FarmAcl
    {
        /// <summary>Makes sure the folders exist; on a secured farm, refuses it when any node is weaker than the model (queued tasks and schedules are checked one by one before assignment or firing).</summary>
        /// <exception cref="FarmSecurityException">A node is weaker than the model; the message names it.</exception>
        public static async Task EnsureAsync(ZooKeeperClient client, FarmPaths paths, FarmSecurity security, Action<string> log)
        {
            foreach (string folder in paths.Folders)
            {
                try
                {
                    byte[]? data = folder == paths.Root && !security.IsOpen ? security.ToRootData() : null;
                    await client.EnsurePathAsync(folder, data, security.ExpectedAcl(paths, folder)).ConfigureAwait(false);
                }
                catch (NoAuthException)
                {
                    throw new FarmSecurityException(folder, $"The farm at {paths.Root} does not let this participant create {folder}: " +
                        $"it is not the farm identity there (this participant's model: {security}).");
                }
            }
            if (security.IsOpen)
            {
                log($"farm {paths.Root} is OPEN: anyone who reaches ZooKeeper can run code on the workers (use a credential or a client certificate)");
                return;
            }
            IReadOnlyList<WeakNode> weak = await FindWeakAsync(client, paths, security).ConfigureAwait(false);
            if (weak.Count > 0)
            {
                FarmSecurityException error = weak[0].Error();
                throw weak.Count == 1 ? error : new FarmSecurityException(weak[0].Path, error.Message + $" ({weak.Count - 1} more node(s) are weak too.)");
            }
        }

        /// <summary>Every farm node weaker than the model, root first (queued tasks and schedules excepted).</summary>
        public static async Task<IReadOnlyList<WeakNode>> FindWeakAsync(ZooKeeperClient client, FarmPaths paths, FarmSecurity security)
        {
            var weak = new List<WeakNode>();
            await WalkAsync(client, paths.Root, paths, security, weak).ConfigureAwait(false);
            return weak.OrderBy(node => node.Path, StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// Repairs one weak node: a folder gets the model's ACL; an assignment is removed, since
        /// anyone may have rewritten it and blessing it would run their code.
        /// </summary>
        public static async Task RepairAsync(ZooKeeperClient client, FarmPaths paths, FarmSecurity security, WeakNode node, Action<string> log)
        {
            if (node.Path == paths.Root)
            {
                await client.SetDataAsync(node.Path, security.ToRootData()).ConfigureAwait(false);
            }
            if (node.Removes)
            {
                await client.DeleteRecursiveAsync(node.Path).ConfigureAwait(false);
                log($"removed {node.Path}: an assignment with a weak ACL may have been rewritten by anyone, so it is never run");
                return;
            }
            await client.SetAclAsync(node.Path, node.Expected).ConfigureAwait(false);
            log($"repaired the ACL of {node.Path}: now [{AclText.Format(node.Expected)}]");
        }

        /// <summary>
        /// A submitter's check: the model the root states, the caller is one of its identities, and
        /// the root and folders are no weaker than the model as a session without Admin sees them.
        /// </summary>
        /// <exception cref="FarmSecurityException">The farm is weak, missing, or does not know the caller.</exception>
        public static async Task<FarmSecurity> VerifyAsSubmitterAsync(ZooKeeperClient client, FarmPaths paths, Func<Id, bool> isSelf)
        {
            NodeData root;
            try
            {
                root = await client.GetDataAsync(paths.Root).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                throw new FarmSecurityException(paths.Root, $"There is no farm at {paths.Root}: a secured farm is created by its masters and workers, not by a submitter.");
            }
            catch (NoAuthException)
            {
                throw new FarmSecurityException(paths.Root, $"The farm at {paths.Root} does not let this session read it: it is not one of the farm's submitters.");
            }
            FarmSecurity security = FarmSecurity.FromRootData(paths, root.Data);
            if (!security.FarmIds.Concat(security.SubmitterIds).Any(isSelf))
            {
                throw new FarmSecurityException(paths.Root, $"The farm at {paths.Root} does not grant this session (not its farm identity, nor a submitter): its model is {security}.");
            }
            var reads = paths.Folders.Select(folder => (folder, acl: client.GetAclAsync(folder))).ToList();
            foreach (var (folder, read) in reads)
            {
                IReadOnlyList<Acl> acl;
                try
                {
                    acl = (await read.ConfigureAwait(false)).Acl;
                }
                catch (NoNodeException)
                {
                    throw new FarmSecurityException(folder, $"The farm at {paths.Root} has no {folder} yet: start its masters and workers first.");
                }
                if (FarmSecurity.IsWeakerAsSeenWithoutAdmin(acl, security.ExpectedAcl(paths, folder)))
                {
                    throw FarmSecurityException.Weaker(folder, acl, security.ExpectedAcl(paths, folder));
                }
            }
            return security;
        }

        /// <summary>True when the node's ACL is not weaker than the model's for it.</summary>
        public static async Task<bool> HoldsAsync(ZooKeeperClient client, FarmPaths paths, FarmSecurity security, string path)
        {
            if (security.IsOpen)
            {
                return true;
            }
            AclWithStat result = await client.GetAclAsync(path).ConfigureAwait(false);
            return !FarmSecurity.IsWeaker(result.Acl, security.ExpectedAcl(paths, path));
        }

        /// <summary>
        /// True when an assignment, its worker's folder and the assign folder all carry ACLs no
        /// weaker than the model, so only the farm identity could have created or changed it.
        /// </summary>
        public static async Task<bool> AssignmentHoldsAsync(ZooKeeperClient client, FarmPaths paths, FarmSecurity security, string worker, string taskId)
        {
            var checks = new[] { paths.Assign, paths.WorkerAssignments(worker), paths.Assignment(worker, taskId) }
                .Select(path => HoldsAsync(client, paths, security, path)).ToList();
            return (await Task.WhenAll(checks).ConfigureAwait(false)).All(holds => holds);
        }

        private static async Task WalkAsync(ZooKeeperClient client, string path, FarmPaths paths, FarmSecurity security, List<WeakNode> weak)
        {
            IReadOnlyList<Acl> acl;
            IReadOnlyList<string> children;
            bool statesModel = true;
            try
            {
                Task<AclWithStat> aclRead = client.GetAclAsync(path);
                Task<IReadOnlyList<string>> childRead = client.GetChildrenAsync(path);
                if (path == paths.Root)
                {
                    byte[]? data = (await client.GetDataAsync(path).ConfigureAwait(false)).Data;
                    statesModel = data != null && data.SequenceEqual(security.ToRootData());
                }
                acl = (await aclRead.ConfigureAwait(false)).Acl;
                children = await childRead.ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return; // an ephemeral node that left meanwhile
            }
            IReadOnlyList<Acl> expected = security.ExpectedAcl(paths, path);
            if (FarmSecurity.IsWeaker(acl, expected) || !statesModel)
            {
                lock (weak)
                {
                    weak.Add(new WeakNode(path, acl, expected, paths.IsAssignment(path), statesModel));
                }
            }
            if (path == paths.Tasks || path == paths.Schedules)
            {
                return; // queued tasks and schedules are submitters' nodes: the master checks each before assigning or firing it
            }
            await Task.WhenAll(children.Select(child => WalkAsync(client, FarmPaths.Child(path, child), paths, security, weak))).ConfigureAwait(false);
        }
    }
}
