using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace PSZookeeper.Client.Tests.Integration
{
    /// <summary>Bounded waits: a test that never sees its condition fails with a message instead of hanging.</summary>
    internal static class Wait
    {
        public static readonly TimeSpan Default = TimeSpan.FromSeconds(20);

        public static async Task<T> Within<T>(this Task<T> task, TimeSpan? timeout = null, string? what = null)
        {
            TimeSpan limit = timeout ?? Default;
            if (await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false) != task)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what ?? "the operation"}.");
            }
            return await task.ConfigureAwait(false);
        }

        public static async Task Within(this Task task, TimeSpan? timeout = null, string? what = null)
        {
            TimeSpan limit = timeout ?? Default;
            if (await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false) != task)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what ?? "the operation"}.");
            }
            await task.ConfigureAwait(false);
        }

        /// <summary>Polls an async condition until it holds, for conditions the server decides on its own clock (TTL, containers).</summary>
        public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            while (!await condition().ConfigureAwait(false))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.");
                }
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Collects watch events in arrival order.</summary>
    internal sealed class EventRecorder
    {
        private readonly Channel<WatchedEvent> _events = Channel.CreateUnbounded<WatchedEvent>();
        private int _count;

        public Action<WatchedEvent> Callback => OnEvent;

        public int Count => Volatile.Read(ref _count);

        public Task<WatchedEvent> NextAsync(TimeSpan? timeout = null) =>
            _events.Reader.ReadAsync().AsTask().Within(timeout, "a watch event");

        public bool TryNext(out WatchedEvent? e) => _events.Reader.TryRead(out e);

        private void OnEvent(WatchedEvent e)
        {
            Interlocked.Increment(ref _count);
            _events.Writer.TryWrite(e);
        }
    }

    /// <summary>Records a client's state changes and waits for a given one.</summary>
    internal sealed class StateRecorder
    {
        private readonly object _gate = new object();
        private readonly List<ConnectionChange> _seen = new List<ConnectionChange>();
        private readonly List<(ConnectionChange Change, TaskCompletionSource<bool> Done)> _waiters = new List<(ConnectionChange, TaskCompletionSource<bool>)>();

        public StateRecorder(ZooKeeperClient client) => client.StateChanged += (_, e) => OnChange(e.Change);

        public IReadOnlyList<ConnectionChange> Seen
        {
            get
            {
                lock (_gate)
                {
                    return _seen.ToList();
                }
            }
        }

        /// <summary>Completes when <paramref name="change"/> has been seen (including before this call).</summary>
        public Task WaitForAsync(ConnectionChange change, TimeSpan? timeout = null)
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_seen.Contains(change))
                {
                    return Task.CompletedTask;
                }
                _waiters.Add((change, done));
            }
            return done.Task.Within(timeout, $"state {change}");
        }

        private void OnChange(ConnectionChange change)
        {
            lock (_gate)
            {
                _seen.Add(change);
                foreach (var waiter in _waiters.Where(w => w.Change == change).ToList())
                {
                    waiter.Done.TrySetResult(true);
                    _waiters.Remove(waiter);
                }
            }
        }
    }

    internal static class Bytes
    {
        public static byte[] Of(string text) => Encoding.UTF8.GetBytes(text);

        public static string Text(byte[]? data) => data == null ? "<null>" : Encoding.UTF8.GetString(data);
    }

    internal static class Paths
    {
        /// <summary>A fresh root per test so tests sharing a server never see each other's nodes.</summary>
        public static string Unique(string prefix = "t") => $"/{prefix}-{Guid.NewGuid():N}";
    }

    internal static class Ports
    {
        /// <summary>A loopback port that was free a moment ago: nothing listens there.</summary>
        public static int Dead()
        {
            var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            probe.Start();
            int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }
    }
}

namespace PSZookeeper.Client.Tests.Integration
{
    internal static class Refused
    {
        /// <summary>
        /// Asserts a call fails before any I/O: it throws at once, or returns a task that has already
        /// failed (an async method's validation runs before its first await).
        /// </summary>
        public static T BeforeSending<T>(Func<Task> call) where T : Exception
        {
            Exception? caught = null;
            try
            {
                Task task = call();
                Xunit.Assert.True(task.IsFaulted, "The call returned a task that has not failed yet, so it went on to I/O.");
                caught = task.Exception!.InnerException;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                caught = ex;
            }
            return Xunit.Assert.IsAssignableFrom<T>(caught);
        }
    }
}
