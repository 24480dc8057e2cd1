using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Core;
using PSZookeeper.Framework;
using PSZookeeper.Recipes;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// How a cmdlet's ZooKeeper calls ride out a lost connection, each kind only as far as
    /// repeating it is safe (docs/retries.md): a retried call waits for the reconnect through
    /// <see cref="Retrying"/> (the one retry engine), no longer than the session timeout (after
    /// it the server has expired the session) and never past Ctrl+C; an expired session fails at
    /// once. A write whose outcome a lost reply leaves unknown fails with MayHaveBeenApplied
    /// rather than with a false success or a false failure. Blocks on the pipeline thread.
    /// </summary>
    internal sealed class RetriedCalls
    {
        private readonly ZKCmdletBase _cmdlet;
        private readonly ConnectionMonitor _monitor;

        public RetriedCalls(ZKCmdletBase cmdlet, ZKSession session)
        {
            _cmdlet = cmdlet;
            _monitor = ConnectionMonitor.For(session.Client);
        }

        private ZooKeeperClient Client => _monitor.Client;

        /// <summary>
        /// A call that is safe to repeat and changes nothing, or only what is already meant to be
        /// there (reads, ensure-path): retried; a connection that does not come back in time
        /// gives its ConnectionLoss.
        /// </summary>
        public T Repeat<T>(string? path, string action, Func<Task<T>> call) =>
            Run(path, action, call, afterLoss: null, isWrite: false);

        /// <summary>
        /// A write that is safe to repeat (data or ACL without a version: the same value written
        /// again): retried; when no connection comes back in time after the request may have
        /// reached the server, MayHaveBeenApplied.
        /// </summary>
        public T Overwrite<T>(string path, string action, Func<Task<T>> call) =>
            Run(path, action, call, afterLoss: null, isWrite: true);

        /// <summary>
        /// A write with an expected version: retried, but a BadVersion after a lost reply may be
        /// this write's own version bump, so it becomes MayHaveBeenApplied.
        /// </summary>
        public T VersionedWrite<T>(string path, string action, Func<Task<T>> call) =>
            Run(path, action, call, ex => ex is BadVersionException
                ? throw Unknown(action, path, "the retry found another version, which the first attempt may have made", ex)
                : Rethrow<T>(ex), isWrite: true);

        /// <summary>
        /// A delete: retried; a NoNode after a lost reply means the first attempt was (almost
        /// surely) applied: the node is gone, as asked, and a warning says so.
        /// </summary>
        public void Delete(string path, int version)
        {
            Run(path, "Delete", async () =>
                {
                    await Client.DeleteAsync(path, version).ConfigureAwait(false);
                    return true;
                },
                ex =>
                {
                    if (!(ex is NoNodeException))
                    {
                        return Rethrow<bool>(ex);
                    }
                    _cmdlet.WriteWarning($"Delete {path}: the connection was lost before the reply came and the retry found no node; the first attempt was probably applied.");
                    return true;
                }, isWrite: true);
        }

        /// <summary>
        /// A create, by mode: protected (a GUID in the name finds the node again after a lost
        /// reply), ephemeral (a NodeExists after a lost reply is ours when this session owns it),
        /// another fixed name (retried; a NodeExists after a lost reply is MayHaveBeenApplied), or
        /// sequential without protection (never retried: a retry could make a second node).
        /// Missing parents are made persistent when <paramref name="createParents"/> is set.
        /// </summary>
        public CreateResult Create(string path, byte[]? data, IReadOnlyList<Acl>? acl, CreateMode mode, long ttl, bool createParents, bool protect)
        {
            ZNodePath.Validate(path, mode.IsSequential());
            if (protect && (!mode.IsSequential() || ttl > 0))
            {
                throw new ArgumentException("-Protected needs -Sequential and no -Ttl: a fixed name cannot carry a protection id (a fixed-name create is retried safely without one).");
            }
            string parent = ZNodePath.GetParent(path);
            if (protect)
            {
                if (createParents)
                {
                    EnsureParent(parent, acl);
                }
                else if (Repeat(parent, "Read", () => Client.ExistsAsync(parent)) == null)
                {
                    throw ZooKeeperException.Create(ErrorCode.NoNode, parent, "The parent does not exist (use -Force to create it).");
                }
                ProtectedNode node = _cmdlet.Await(ProtectedNodes.CreateAsync(Client, parent, ZNodePath.GetName(path), data, mode, null, acl, _cmdlet.StopToken));
                return new CreateResult(node.Path, node.Stat);
            }
            try
            {
                return CreateLeaf(path, data, acl, mode, ttl);
            }
            catch (NoNodeException) when (createParents)
            {
                // A missing parent: nothing was created.
                EnsureParent(parent, acl);
                return CreateLeaf(path, data, acl, mode, ttl);
            }
        }

        /// <summary>
        /// A call never retried (a sequential create, a transaction): a transient failure after it
        /// may have reached the server is MayHaveBeenApplied.
        /// </summary>
        public T Once<T>(string? path, string action, Func<Task<T>> call)
        {
            try
            {
                return _cmdlet.Await(Retrying.UnlessLostAsync(_monitor, path, call()));
            }
            catch (ZooKeeperException ex) when (ex.IsTransient)
            {
                throw Unknown(action, path, "it is not retried, since a retry could apply it twice", ex);
            }
        }

        private CreateResult CreateLeaf(string path, byte[]? data, IReadOnlyList<Acl>? acl, CreateMode mode, long ttl)
        {
            Func<Task<CreateResult>> create = () => Client.CreateWithStatAsync(path, data, acl, mode, ttl);
            if (mode.IsSequential())
            {
                return Once(path, "Create", create);
            }
            return Run(path, "Create", create, ex =>
            {
                if (!(ex is NodeExistsException))
                {
                    return Rethrow<CreateResult>(ex);
                }
                if (mode.IsEphemeral())
                {
                    Stat? stat = Repeat(path, "Read", () => Client.ExistsAsync(path));
                    return stat != null && stat.EphemeralOwner == Client.SessionId ? new CreateResult(path, stat) : Rethrow<CreateResult>(ex);
                }
                throw Unknown("Create", path, "the retry found the node, which the first attempt may have made", ex);
            }, isWrite: true);
        }

        private void EnsureParent(string parent, IReadOnlyList<Acl>? acl) =>
            Repeat(parent, "Create parents of", () => Client.EnsurePathAsync(parent, null, acl));

        private T Run<T>(string? path, string action, Func<Task<T>> call, Func<ZooKeeperException, T>? afterLoss, bool isWrite)
        {
            // Set once an attempt failed after its request may have reached the server.
            bool lost = false;
            try
            {
                return _cmdlet.Await(Retrying.RunAsync(_monitor, path, async () =>
                {
                    try
                    {
                        return await call().ConfigureAwait(false);
                    }
                    catch (ZooKeeperException ex) when (ex.IsTransient)
                    {
                        lost = true;
                        throw;
                    }
                }, _cmdlet.StopToken, Deadline.After(_monitor.SessionTimeout),
                failure => _cmdlet.Note($"{Subject(action, path)}: connection lost ({Code(failure)}); retrying after the reconnect (waiting at most the session timeout, {_monitor.SessionTimeout.TotalSeconds:0.#} s).")));
            }
            catch (ZooKeeperException ex) when (ex.IsTransient && lost && isWrite)
            {
                throw Unknown(action, path, "no connection came back within the session timeout to retry it", ex);
            }
            catch (ZooKeeperException ex) when (!ex.IsTransient && lost && afterLoss != null)
            {
                return afterLoss(ex);
            }
        }

        private static string Code(Exception failure) => failure is ZooKeeperException zk ? zk.Code.ToString() : failure.GetType().Name;

        private static MayHaveBeenAppliedException Unknown(string action, string? path, string why, Exception inner) =>
            new MayHaveBeenAppliedException(Subject(action, path), why, inner);

        private static string Subject(string action, string? path) => path == null ? action : action + " " + path;

        private static T Rethrow<T>(Exception ex)
        {
            ExceptionDispatchInfo.Capture(ex).Throw();
            return default!;
        }
    }
}
