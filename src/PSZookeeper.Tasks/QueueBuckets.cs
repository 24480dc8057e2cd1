using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Tasks
{
    /// <summary>Creating the queue's buckets (see <see cref="QueueBucket"/>), which the server removes again once they are empty.</summary>
    internal static class QueueBuckets
    {
        /// <summary>
        /// Makes sure a bucket exists, as a container with the model's ACL for folders of tasks.
        /// Returns the ACL of a bucket that existed already (someone else made it, so the caller
        /// may have to check it), or null when this call created it.
        /// </summary>
        public static async Task<IReadOnlyList<Acl>?> EnsureAsync(ZooKeeperClient client, FarmPaths paths, FarmSecurity security, string bucket)
        {
            string path = paths.Bucket(bucket);
            try
            {
                // A read first: a create that meets an existing bucket is a refused write, and the
                // server spends a transaction on it.
                return (await client.GetAclAsync(path).ConfigureAwait(false)).Acl;
            }
            catch (NoNodeException)
            {
                // Not made yet, or removed by the server since it was emptied.
            }
            try
            {
                await client.CreateAsync(path, null, security.TasksFolderAcl, CreateMode.Container).ConfigureAwait(false);
                return null;
            }
            catch (NodeExistsException)
            {
                return (await client.GetAclAsync(path).ConfigureAwait(false)).Acl;
            }
        }

        /// <summary>
        /// Makes sure a bucket exists before a new task goes into it. Returns the ACL of a bucket
        /// someone made weaker than tasks/ (a task queued there would be refused, so never queue
        /// into it), or null when the bucket is fit for tasks.
        /// </summary>
        public static async Task<IReadOnlyList<Acl>?> EnsureTrustedAsync(ZooKeeperClient client, FarmPaths paths, FarmSecurity security, string bucket)
        {
            IReadOnlyList<Acl>? acl = await EnsureAsync(client, paths, security, bucket).ConfigureAwait(false);
            return acl != null && !security.IsOpen && FarmSecurity.IsWeakerAsSeenWithoutAdmin(acl, security.TasksFolderAcl) ? acl : null;
        }

        /// <summary>
        /// Before a transaction that puts a task back into its bucket (a retry, a recovery): the
        /// bucket may have been emptied and removed since the task left it. Nothing for other transactions.
        /// </summary>
        public static async Task EnsureForRequeueAsync(ZooKeeperClient client, FarmPaths paths, FarmSecurity security, string taskId, IEnumerable<Op> ops)
        {
            if (Requeues(paths, taskId, ops) && TaskNames.TryGetBucket(taskId, out QueueBucket bucket))
            {
                await EnsureAsync(client, paths, security, bucket.Name).ConfigureAwait(false);
            }
        }

        /// <summary>True when the transaction puts the task back in the queue.</summary>
        public static bool Requeues(FarmPaths paths, string taskId, IEnumerable<Op> ops) => ops.Any(op => op.Path == paths.Task(taskId));
    }
}
