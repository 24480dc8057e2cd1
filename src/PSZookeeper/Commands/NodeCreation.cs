using System;
using System.Collections.Generic;
using System.Management.Automation;
using PSZookeeper.Client;
using PSZookeeper.Framework;

namespace PSZookeeper.Commands
{
    /// <summary>What the three create cmdlets share.</summary>
    internal static class NodeCreation
    {
        public static ZKNode Create(ZKCmdlet cmdlet, ZKSession session, string path, object? value, bool asJson,
            IReadOnlyList<Acl>? acl, CreateMode mode, long ttl, bool createParents)
        {
            byte[]? data = cmdlet.EncodeValue(value, asJson);
            CreateResult created = cmdlet.AwaitTask(createParents
                ? session.Client.CreateRecursiveAsync(path, data, acl, mode, ttl)
                : session.Client.CreateWithStatAsync(path, data, acl, mode, ttl));
            return new ZKNode(created.Path, data, DataCodec.Decode(data, DataFormat.Text, null), created.Stat!, session);
        }

        /// <summary>
        /// `$zkclient | New-...` with no data given: the binder also put the session into the data
        /// parameter: it is never data, so move it to -Session.
        /// </summary>
        public static void SwapSession(ZKCmdlet cmdlet, object? value, Action<object?> setValue)
        {
            object? unwrapped = value is PSObject pso ? pso.BaseObject : value;
            if (unwrapped is ZKSession session)
            {
                // PowerShell binds a piped object to every pipeline parameter that takes it.
                if (cmdlet.Session == null)
                {
                    cmdlet.Session = session;
                }
                setValue(null);
            }
        }
    }
}
