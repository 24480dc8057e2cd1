using System.Collections.Generic;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Tasks
{
    /// <summary>Creates the farm's folders; every participant calls it, so start order does not matter.</summary>
    internal static class FarmSetup
    {
        public static async Task EnsureAsync(ZooKeeperClient client, FarmPaths paths, FarmSecurity security)
        {
            foreach (string folder in paths.Folders)
            {
                IReadOnlyList<Acl> acl = folder == paths.Tasks ? security.TasksFolderAcl : Ids.OpenAclUnsafe;
                await CreateIfMissingAsync(client, folder, null, acl).ConfigureAwait(false);
            }
        }

        public static async Task CreateIfMissingAsync(ZooKeeperClient client, string path, byte[]? data, IReadOnlyList<Acl> acl)
        {
            try
            {
                await client.CreateRecursiveAsync(path, data, acl).ConfigureAwait(false);
            }
            catch (NodeExistsException)
            {
                // Made by another participant: fine.
            }
        }
    }
}
