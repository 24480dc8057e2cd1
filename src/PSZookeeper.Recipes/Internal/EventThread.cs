using PSZookeeper.Client;

namespace PSZookeeper.Recipes.Internal
{
    /// <summary>
    /// Whether code runs on a client's event thread, where a blocking Dispose would deadlock (the
    /// reply it waits for queues behind the running callback).
    /// </summary>
    internal static class EventThread
    {
        public static bool IsCurrent => ZooKeeperClient.IsEventThread;
    }
}
