using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client.Io;
using PSZookeeper.Client.Tests.Integration;
using Xunit;

namespace PSZookeeper.Client.Tests.Unit
{
    /// <summary>The threads connections run on: kept for the next connection, gone once idle long enough.</summary>
    public sealed class ConnectionThreadsTests
    {
        [Fact]
        public async Task AThreadWhoseConnectionEndedRunsTheNext()
        {
            var threads = new ConnectionThreads(TimeSpan.FromMinutes(1));
            Thread first = await RunAsync(threads, () => Thread.CurrentThread);
            await WaitUntilAsync(() => threads.IdleCount == 1, "the thread to wait for work");

            Thread second = await RunAsync(threads, () => Thread.CurrentThread);

            Assert.Same(first, second);
            Assert.Equal("PSZookeeper connection", second.Name);
            Assert.True(second.IsBackground);
        }

        [Fact]
        public async Task BusyThreadsAreNotShared()
        {
            var threads = new ConnectionThreads(TimeSpan.FromMinutes(1));
            var release = new ManualResetEventSlim();
            var firstThread = new TaskCompletionSource<Thread>(TaskCreationOptions.RunContinuationsAsynchronously);
            threads.Run(() =>
            {
                firstThread.SetResult(Thread.CurrentThread);
                release.Wait();
            });
            Thread busy = await firstThread.Task.Within();

            Thread other = await RunAsync(threads, () => Thread.CurrentThread);

            Assert.NotSame(busy, other);
            release.Set();
        }

        [Fact]
        public async Task AThreadIdleForItsLifetimeExits()
        {
            var threads = new ConnectionThreads(TimeSpan.FromMilliseconds(200));
            Thread first = await RunAsync(threads, () => Thread.CurrentThread);

            await WaitUntilAsync(() => !first.IsAlive, "the idle thread to exit");
            Thread next = await RunAsync(threads, () => Thread.CurrentThread);

            Assert.NotSame(first, next);
            Assert.True(next.IsAlive);
        }

        [Fact]
        public async Task WorkThatThrowsLeavesTheThreadServing()
        {
            var threads = new ConnectionThreads(TimeSpan.FromMinutes(1));
            var thrower = new TaskCompletionSource<Thread>(TaskCreationOptions.RunContinuationsAsynchronously);
            threads.Run(() =>
            {
                thrower.SetResult(Thread.CurrentThread);
                throw new InvalidOperationException("a bug in a connection");
            });
            Thread first = await thrower.Task.Within();
            await WaitUntilAsync(() => threads.IdleCount == 1, "the thread to wait for work after the failure");

            Thread second = await RunAsync(threads, () => Thread.CurrentThread);

            Assert.Same(first, second);
        }

        private static Task<T> RunAsync<T>(ConnectionThreads threads, Func<T> work)
        {
            var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            threads.Run(() => result.SetResult(work()));
            return result.Task.Within();
        }

        private static Task WaitUntilAsync(Func<bool> condition, string what) =>
            Wait.UntilAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(10), what);
    }
}
