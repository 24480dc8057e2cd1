using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using PSZookeeper.Client;
using PSZookeeper.Core;
using PSZookeeper.Core.Trees;
using PSZookeeper.Framework;

namespace PSZookeeper.Provider
{
    /// <summary>Items and navigation: Get-Item, Get-ChildItem, Test-Path, New-Item, Set-Item, Remove-Item, Copy-Item, Move-Item, Rename-Item.</summary>
    public sealed partial class ZooKeeperProvider
    {
        protected override bool IsValidPath(string path) => ProviderPaths.IsValid(ProviderPaths.Split(path, out _));

        protected override bool ItemExists(string path)
        {
            ZKLocation at = Locate(path);
            return Await(at.Client.ExistsAsync(at.ZNode)) != null;
        }

        /// <summary>Every znode can hold children except an ephemeral one, so only ephemerals are leaves.</summary>
        protected override bool IsItemContainer(string path)
        {
            ZKLocation at = Locate(path);
            Stat? stat = Await(at.Client.ExistsAsync(at.ZNode));
            return stat != null && ZKNodeModes.Of(stat) != ZKNodeMode.Ephemeral;
        }

        protected override bool HasChildItems(string path)
        {
            ZKLocation at = Locate(path);
            Stat? stat = Await(at.Client.ExistsAsync(at.ZNode));
            return stat != null && stat.NumChildren > 0;
        }

        protected override void GetItem(string path) => Run(path, at =>
        {
            NodeData node = Await(at.Client.GetDataAsync(at.ZNode));
            WriteNode(at.Drive, at.ZNode, node.Data, node.Stat);
        });

        /// <summary>Set-Item zk:/a -Value v: writes the data.</summary>
        protected override void SetItem(string path, object value) => Run(path, at =>
        {
            if (ShouldProcess(at.ZNode, "Set znode data"))
            {
                byte[]? data = Encode(value);
                WriteNode(at.Drive, at.ZNode, data, Await(at.Client.SetDataAsync(at.ZNode, data)));
            }
        });

        protected override void GetChildItems(string path, bool recurse) => GetChildItems(path, recurse, uint.MaxValue);

        /// <summary>Children, or with -Recurse the subtree breadth-first; -Depth n goes n levels below the children.</summary>
        protected override void GetChildItems(string path, bool recurse, uint depth) => Run(path, at =>
        {
            int levels = !recurse ? 1 : depth == uint.MaxValue ? -1 : (int)Math.Min(int.MaxValue - 1, depth) + 1;
            List<string> paths = Await(ZNodeTree.CollectAsync(at.Client, at.ZNode, levels, CancellationToken.None));
            paths.RemoveAt(0);
            TreeListing.Read(this, at.Client, paths, TreeListing.Activity(at.Drive.ToProviderPath(at.ZNode)),
                (node, read) => WriteNode(at.Drive, node, read.Data, read.Stat));
        });

        /// <summary>Child names, for Get-ChildItem -Name, wildcards and tab completion.</summary>
        protected override void GetChildNames(string path, ReturnContainers returnContainers) => Run(path, at =>
        {
            foreach (string name in Await(at.Client.GetChildrenAsync(at.ZNode)).OrderBy(n => n, StringComparer.Ordinal))
            {
                WriteItemObject(name, at.Drive.ToProviderPath(ZNodePath.Join(at.ZNode, name)), true);
            }
        });

        protected override object NewItemDynamicParameters(string path, string itemTypeName, object newItemValue) => new ZKNewItemParameters();

        /// <summary>New-Item -ItemType Persistent (default), Ephemeral, Sequential, EphemeralSequential or Container; -Ttl, -Acl; -Force creates parents.</summary>
        protected override void NewItem(string path, string itemTypeName, object newItemValue)
        {
            var parameters = DynamicParameters as ZKNewItemParameters ?? new ZKNewItemParameters();
            Run(path, at =>
            {
                CreateMode mode = ModeFor(itemTypeName, parameters.Ttl);
                if (!ShouldProcess(at.ZNode, $"Create {mode} znode"))
                {
                    return;
                }
                byte[]? data = Encode(newItemValue);
                IReadOnlyList<Acl>? acl = AclParser.ToAclList(parameters.Acl);
                CreateResult created = Await(Force
                    ? at.Client.CreateRecursiveAsync(at.ZNode, data, acl, mode, parameters.Ttl)
                    : at.Client.CreateWithStatAsync(at.ZNode, data, acl, mode, parameters.Ttl));
                WriteNode(at.Drive, created.Path, data, created.Stat!);
            });
        }

        protected override void RemoveItem(string path, bool recurse) => Run(path, at =>
        {
            if (at.ZNode == "/")
            {
                throw new ArgumentException("The root znode cannot be removed.");
            }
            if (!recurse)
            {
                if (ShouldProcess(at.ZNode, "Remove znode"))
                {
                    Await(at.Client.DeleteAsync(at.ZNode));
                }
                return;
            }
            List<string> tree = Await(ZNodeTree.CollectAsync(at.Client, at.ZNode, -1, CancellationToken.None));
            if (ShouldProcess(at.ZNode, $"Remove znode and its {tree.Count - 1} descendants"))
            {
                TreeDeletion.DeleteTree(this, at.Client, at.ZNode, tree, "Removing " + at.ZNode);
            }
        });

        protected override object CopyItemDynamicParameters(string path, string destination, bool recurse) => new ZKTransferParameters();

        /// <summary>Copies a node (with -Recurse its subtree) as Copy-ZKNode does; into the destination when it exists, as files do.</summary>
        protected override void CopyItem(string path, string copyPath, bool recurse) => Run(path, at =>
        {
            string destination = Target(at, copyPath);
            if (ShouldProcess($"Item: {at.ZNode} Destination: {destination}", recurse ? "Copy znode and its subtree" : "Copy znode"))
            {
                Transfer(at, destination, recurse, move: false);
            }
        });

        protected override object MoveItemDynamicParameters(string path, string destination) => new ZKTransferParameters();

        /// <summary>Moves a subtree as Move-ZKNode does: one transaction when it fits.</summary>
        protected override void MoveItem(string path, string destination) => Run(path, at =>
        {
            string target = Target(at, destination);
            if (ShouldProcess($"Item: {at.ZNode} Destination: {target}", "Move znode"))
            {
                Transfer(at, target, recurse: true, move: true);
            }
        });

        protected override object RenameItemDynamicParameters(string path, string newName) => new ZKTransferParameters();

        /// <summary>Renames a node: a move to a new name under the same parent.</summary>
        protected override void RenameItem(string path, string newName) => Run(path, at =>
        {
            if (string.IsNullOrEmpty(newName) || newName.IndexOfAny(new[] { '/', '\\', ':' }) >= 0)
            {
                throw new ArgumentException($"'{newName}' is not a znode name: Rename-Item takes a name; Move-Item moves a node elsewhere.");
            }
            string target = ZNodePath.Join(ZNodePath.GetParent(at.ZNode), newName);
            if (ShouldProcess($"Item: {at.ZNode} Destination: {target}", "Rename znode"))
            {
                Transfer(at, target, recurse: true, move: true);
            }
        });

        private void Transfer(ZKLocation source, string destination, bool recurse, bool move)
        {
            bool allowNonAtomic = (DynamicParameters as ZKTransferParameters)?.AllowNonAtomic ?? false;
            TreeCopier.Copy(this, source.Client, source.ZNode, destination, recurse, move, allowNonAtomic);
            NodeData node = Await(source.Client.GetDataAsync(destination));
            WriteNode(source.Drive, destination, node.Data, node.Stat);
        }

        /// <summary>
        /// The destination znode, in the source's drive (one session cannot write another's); as with
        /// files, copying or moving onto an existing node puts the source inside it.
        /// </summary>
        private string Target(ZKLocation source, string destinationPath)
        {
            ZKLocation destination = Locate(destinationPath);
            if (!ReferenceEquals(destination.Drive.Session, source.Drive.Session))
            {
                throw new NotSupportedException(
                    $"Drives {source.Drive.Name}: and {destination.Drive.Name}: use different sessions: copy between them with Export-ZKTree and Import-ZNodeTree.");
            }
            return Await(source.Client.ExistsAsync(destination.ZNode)) != null
                ? ZNodePath.Join(destination.ZNode, ZNodePath.GetName(source.ZNode))
                : destination.ZNode;
        }

        private static CreateMode ModeFor(string? itemType, long ttl)
        {
            switch ((itemType ?? string.Empty).ToLowerInvariant())
            {
                case "":
                case "persistent":
                    return CreateModes.Resolve(false, false, false, ttl);
                case "sequential":
                case "persistentsequential":
                    return CreateModes.Resolve(false, true, false, ttl);
                case "ephemeral":
                    return CreateModes.Resolve(true, false, false, ttl);
                case "ephemeralsequential":
                    return CreateModes.Resolve(true, true, false, ttl);
                case "container":
                    return CreateModes.Resolve(false, false, true, ttl);
                default:
                    throw new ArgumentException(
                        $"Unknown -ItemType '{itemType}': use Persistent, Ephemeral, Sequential, EphemeralSequential or Container (with -Ttl for a TTL node).");
            }
        }
    }
}
