using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;

namespace PSZookeeper.Recipes.Tests
{
    /// <summary>Waits on a child watch (not a timer) until a node's children satisfy a condition.</summary>
    internal static class Children
    {
        public static async Task<IReadOnlyList<string>> WaitUntilAsync(ZooKeeperClient client, string path,
            Func<IReadOnlyList<string>, bool> done, string what, TimeSpan? timeout = null)
        {
            TimeSpan limit = timeout ?? Wait.Long;
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var changed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                IReadOnlyList<string> children;
                try
                {
                    children = await client.GetChildrenAsync(path, _ => changed.TrySetResult(true));
                }
                catch (NoNodeException)
                {
                    children = Array.Empty<string>();
                    if (await client.ExistsAsync(path, _ => changed.TrySetResult(true)) != null)
                    {
                        continue;
                    }
                }
                if (done(children))
                {
                    return children;
                }
                TimeSpan left = limit - clock.Elapsed;
                if (left <= TimeSpan.Zero || await Task.WhenAny(changed.Task, Task.Delay(left)) != changed.Task)
                {
                    throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what} (children now: {string.Join(", ", children)}).");
                }
            }
        }
    }
}
