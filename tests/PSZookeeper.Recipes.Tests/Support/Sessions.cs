using System;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.TestServers;

namespace PSZookeeper.Recipes.Tests
{
    /// <summary>A client reaching its server through a proxy, so its session can be really expired.</summary>
    public sealed class Victim
    {
        internal Victim(ZooKeeperClient client, TcpProxy proxy)
        {
            Client = client;
            Proxy = proxy;
        }

        public ZooKeeperClient Client { get; }

        public TcpProxy Proxy { get; }
    }

    /// <summary>Real session expiry, as the server does it: not a simulation inside the client.</summary>
    internal static class Sessions
    {
        /// <summary>
        /// Cuts the victim off (so it cannot take its session back), opens a second connection on
        /// its session and closes it: the server ends the session and deletes its ephemerals at
        /// once. Then lets the victim reconnect, and returns once it has seen Expired.
        /// </summary>
        public static async Task ExpireAsync(string connectString, Victim victim)
        {
            var expired = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            EventHandler<ConnectionChangedEventArgs> onChange = (_, e) =>
            {
                if (e.Change == ConnectionChange.Expired)
                {
                    expired.TrySetResult(true);
                }
            };
            victim.Client.StateChanged += onChange;
            try
            {
                if (victim.Client.State == ClientState.Expired)
                {
                    return;
                }
                victim.Proxy.Block();
                ZooKeeperClient thief = await ZooKeeperClient.ConnectAsync(connectString, new ZooKeeperClientOptions
                {
                    SessionId = victim.Client.SessionId,
                    SessionPassword = victim.Client.GetSessionPassword(),
                    SessionTimeout = victim.Client.SessionTimeout,
                }).Within(what: "the thief's connection");
                await thief.CloseAsync().Within(what: "closing the stolen session");
                thief.Dispose();
                victim.Proxy.Unblock();
                await expired.Task.Within(what: "the victim to see its session expired");
            }
            finally
            {
                victim.Client.StateChanged -= onChange;
            }
        }
    }
}
