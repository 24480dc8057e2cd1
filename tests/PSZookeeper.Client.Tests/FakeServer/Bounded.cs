using System;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using Xunit;
using Xunit.Sdk;

namespace PSZookeeper.Client.Tests.FakeServer
{
    /// <summary>Awaits with an upper bound, so a client that never completes fails the test instead of hanging it.</summary>
    internal static class Bounded
    {
        public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

        public static async Task<T> Within<T>(Task<T> task, string what)
        {
            await Within((Task)task, what).ConfigureAwait(false);
            return await task.ConfigureAwait(false);
        }

        /// <summary>Waits for the task to finish (in any way) within <see cref="Limit"/>; does not observe its outcome.</summary>
        public static async Task Within(Task task, string what)
        {
            if (await Task.WhenAny(task, Task.Delay(Limit)).ConfigureAwait(false) != task)
            {
                throw new XunitException($"{what} did not complete within {Limit.TotalSeconds:0} s.");
            }
        }

        /// <summary>The task must fail with ConnectionLossException within the bound; returns the exception.</summary>
        public static async Task<ConnectionLossException> FailsWithConnectionLoss(Task task, string what)
        {
            await Within(task, what).ConfigureAwait(false);
            return await Assert.ThrowsAsync<ConnectionLossException>(() => task).ConfigureAwait(false);
        }

        /// <summary>A TaskCompletionSource set by the first StateChanged event of the given kind.</summary>
        public static Task<ConnectionChangedEventArgs> NextChange(ZooKeeperClient client, ConnectionChange change)
        {
            var seen = new TaskCompletionSource<ConnectionChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
            client.StateChanged += (_, e) =>
            {
                if (e.Change == change)
                {
                    seen.TrySetResult(e);
                }
            };
            return seen.Task;
        }

        public static ZooKeeperClientOptions Options() => new ZooKeeperClientOptions
        {
            SessionTimeout = TimeSpan.FromMilliseconds(FakeZooKeeperServer.NegotiatedTimeoutMs),
            ConnectTimeout = TimeSpan.FromSeconds(8),
        };
    }
}
