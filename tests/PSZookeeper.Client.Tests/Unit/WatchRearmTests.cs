using System;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Io;
using Xunit;

namespace PSZookeeper.Client.Tests.Unit
{
    /// <summary>
    /// When a persistent watch goes, the one-shots that rode on it are re-armed with a read; a change
    /// made after the removal (zxid 10 here) shows in that read's Stat and fires the one-shot at once.
    /// </summary>
    public class WatchRearmTests
    {
        private const long RemovedAt = 10;
        private static readonly Action<WatchedEvent> Callback = _ => { };

        private static Stat StatOf(long czxid, long mzxid, long pzxid) => new Stat(czxid, mzxid, 0, 0, 0, 0, 0, 0, 0, 0, pzxid);

        [Theory]
        [InlineData(true, 5L, 8L, null)]
        [InlineData(true, 5L, 12L, EventType.NodeDataChanged)]
        [InlineData(true, 11L, 11L, EventType.NodeDeleted)]
        [InlineData(false, 0L, 0L, EventType.NodeDeleted)]
        public void ADataOneShotFiresOnlyForAChangeAfterTheRemoval(bool exists, long czxid, long mzxid, EventType? expected)
        {
            var watches = new WatchManager(guard: true);
            watches.Register(new WatchRegistration(WatchKind.Data, "/a", Callback), ErrorCode.Ok);

            var missed = watches.TakeMissed("/a", WatcherType.Data, exists ? StatOf(czxid, mzxid, czxid) : null, RemovedAt);

            Assert.Equal(expected == null ? Array.Empty<EventType>() : new[] { expected.Value }, missed.ConvertAll(m => m.Value).ToArray());
            Assert.Equal(expected == null, watches.Contains("/a", WatcherType.Data, Callback));
        }

        [Theory]
        [InlineData(false, null)]
        [InlineData(true, EventType.NodeCreated)]
        public void AnExistsOneShotOnAMissingNodeFiresWhenTheNodeIsThere(bool exists, EventType? expected)
        {
            var watches = new WatchManager(guard: true);
            watches.Register(new WatchRegistration(WatchKind.Exists, "/a", Callback), ErrorCode.NoNode);

            var missed = watches.TakeMissed("/a", WatcherType.Data, exists ? StatOf(11, 11, 11) : null, RemovedAt);

            Assert.Equal(expected == null ? Array.Empty<EventType>() : new[] { expected.Value }, missed.ConvertAll(m => m.Value).ToArray());
        }

        [Theory]
        [InlineData(true, 9L, null)]
        [InlineData(true, 12L, EventType.NodeChildrenChanged)]
        [InlineData(false, 0L, EventType.NodeDeleted)]
        public void AChildOneShotFiresOnlyForAChildChangeAfterTheRemoval(bool exists, long pzxid, EventType? expected)
        {
            var watches = new WatchManager(guard: true);
            watches.Register(new WatchRegistration(WatchKind.Child, "/a", Callback), ErrorCode.Ok);

            var missed = watches.TakeMissed("/a", WatcherType.Children, exists ? StatOf(5, 5, pzxid) : null, RemovedAt);

            Assert.Equal(expected == null ? Array.Empty<EventType>() : new[] { expected.Value }, missed.ConvertAll(m => m.Value).ToArray());
        }
    }
}
