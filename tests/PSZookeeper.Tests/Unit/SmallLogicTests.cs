using System;
using PSZookeeper;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Core;
using Xunit;

namespace PSZookeeper.Tests.Unit
{
    public class ChildDiffTests
    {
        [Fact]
        public void ReportsAddedAndRemovedSorted()
        {
            ChildDiff diff = ChildDiff.Compute(new[] { "a", "b", "c" }, new[] { "c", "e", "d", "a" });
            Assert.Equal(new[] { "d", "e" }, diff.Added);
            Assert.Equal(new[] { "b" }, diff.Removed);
            Assert.False(diff.IsEmpty);
        }

        [Fact]
        public void NullListsAreEmpty()
        {
            Assert.True(ChildDiff.Compute(null, null).IsEmpty);
            Assert.Equal(new[] { "x" }, ChildDiff.Compute(null, new[] { "x" }).Added);
        }

        [Fact]
        public void NamesAreOrdinal()
        {
            Assert.Equal(new[] { "A" }, ChildDiff.Compute(new[] { "a" }, new[] { "a", "A" }).Added);
        }
    }

    public class CompletedMarkerTests
    {
        [Theory]
        [InlineData("completed", true)]
        [InlineData("Completed", true)]
        [InlineData("  completed  ", true)]
        [InlineData("line one\ncompleted\n", true)]
        [InlineData("not completed", false)]
        [InlineData("completedly", false)]
        public void RecognisesTheLineByItself(string output, bool expected) =>
            Assert.Equal(expected, CompletedMarker.IsCompleted(output));

        [Fact]
        public void NonStringsNeverComplete()
        {
            Assert.False(CompletedMarker.IsCompleted(null));
            Assert.False(CompletedMarker.IsCompleted(42));
        }
    }

    public class CreateModesTests
    {
        [Theory]
        [InlineData(false, false, false, 0L, CreateMode.Persistent)]
        [InlineData(true, false, false, 0L, CreateMode.Ephemeral)]
        [InlineData(false, true, false, 0L, CreateMode.PersistentSequential)]
        [InlineData(true, true, false, 0L, CreateMode.EphemeralSequential)]
        [InlineData(false, false, true, 0L, CreateMode.Container)]
        [InlineData(false, false, false, 1000L, CreateMode.PersistentWithTtl)]
        [InlineData(false, true, false, 1000L, CreateMode.PersistentSequentialWithTtl)]
        public void MapsSwitches(bool ephemeral, bool sequential, bool container, long ttl, CreateMode expected) =>
            Assert.Equal(expected, CreateModes.Resolve(ephemeral, sequential, container, ttl));

        [Theory]
        [InlineData(true, false, true, 0L)]
        [InlineData(false, true, true, 0L)]
        [InlineData(false, false, true, 5L)]
        [InlineData(true, false, false, 5L)]
        [InlineData(false, false, false, -1L)]
        public void RejectsImpossibleCombinations(bool ephemeral, bool sequential, bool container, long ttl) =>
            Assert.Throws<ArgumentException>(() => CreateModes.Resolve(ephemeral, sequential, container, ttl));
    }

    public class AclParserTests
    {
        [Fact]
        public void ParsesZkCliText()
        {
            Acl acl = AclParser.Parse("world:anyone:cdrwa");
            Assert.Equal(Permissions.All, acl.Perms);
            Assert.Equal("world", acl.Id.Scheme);
            Assert.Equal("anyone", acl.Id.Ident);
        }

        [Fact]
        public void DigestIdsKeepTheirColon()
        {
            Acl acl = AclParser.Parse("digest:bob:abc=:rw");
            Assert.Equal("bob:abc=", acl.Id.Ident);
            Assert.Equal(Permissions.Read | Permissions.Write, acl.Perms);
        }

        [Theory]
        [InlineData("r", Permissions.Read)]
        [InlineData("a", Permissions.Admin)]
        [InlineData("All", Permissions.All)]
        [InlineData("Read,Write", Permissions.Read | Permissions.Write)]
        [InlineData("", Permissions.None)]
        public void ParsesPermissions(string text, Permissions expected) => Assert.Equal(expected, AclParser.ParsePermissions(text));

        [Theory]
        [InlineData("")]
        [InlineData("world")]
        [InlineData("world:anyone")]
        [InlineData("world:anyone:xyz")]
        public void RejectsBadEntries(string text) => Assert.Throws<ArgumentException>(() => AclParser.Parse(text));

        [Fact]
        public void FormatsInZkCliOrder() => Assert.Equal("cdrwa", AclParser.FormatPermissions(Permissions.All));

        [Fact]
        public void ListsMixTextAclsAndEntries()
        {
            var entry = new ZKAclEntry("/x", new Acl(Permissions.Read, new Id("ip", "10.0.0.1")));
            var list = AclParser.ToAclList(new object[] { "world:anyone:r,auth::cdrwa", new Acl(Permissions.All, Ids.AnyoneIdUnsafe), entry });
            Assert.NotNull(list);
            Assert.Equal(4, list!.Count);
            Assert.Equal("ip:10.0.0.1:r", entry.ToString());
            Assert.Null(AclParser.ToAclList(null));
            Assert.Throws<ArgumentException>(() => AclParser.ToAclList(new object[] { 42 }));
        }
    }

    public class ErrorMapTests
    {
        [Theory]
        [InlineData(ErrorCode.NoNode, "NoNode", System.Management.Automation.ErrorCategory.ObjectNotFound)]
        [InlineData(ErrorCode.NodeExists, "NodeExists", System.Management.Automation.ErrorCategory.ResourceExists)]
        [InlineData(ErrorCode.BadVersion, "BadVersion", System.Management.Automation.ErrorCategory.InvalidOperation)]
        [InlineData(ErrorCode.NotEmpty, "NotEmpty", System.Management.Automation.ErrorCategory.InvalidOperation)]
        [InlineData(ErrorCode.NoAuth, "NoAuth", System.Management.Automation.ErrorCategory.PermissionDenied)]
        [InlineData(ErrorCode.ConnectionLoss, "ConnectionLoss", System.Management.Automation.ErrorCategory.ConnectionError)]
        [InlineData(ErrorCode.SessionExpired, "SessionExpired", System.Management.Automation.ErrorCategory.ConnectionError)]
        [InlineData(ErrorCode.OperationTimeout, "OperationTimeout", System.Management.Automation.ErrorCategory.OperationTimeout)]
        public void MapsServerCodes(ErrorCode code, string id, System.Management.Automation.ErrorCategory category)
        {
            ZooKeeperException ex = ZooKeeperException.Create(code, "/p");
            Assert.Equal(id, ErrorMap.IdFor(ex));
            Assert.Equal(category, ErrorMap.CategoryFor(ex));
        }

        [Fact]
        public void MapsClientSideErrors()
        {
            var invalid = Assert.ThrowsAny<ArgumentException>(() => ZNodePath.Validate("no-slash"));
            Assert.Equal("InvalidPath", ErrorMap.IdFor(invalid));
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, ErrorMap.CategoryFor(invalid));
            Assert.Equal("Timeout", ErrorMap.IdFor(new TimeoutException()));
            Assert.Equal(System.Management.Automation.ErrorCategory.OperationTimeout, ErrorMap.CategoryFor(new TimeoutException()));
            Assert.Equal("SessionClosed", ErrorMap.IdFor(new ObjectDisposedException("x")));
        }
    }

    public class PathCompletionTests
    {
        private static readonly string[] RootChildren = { "zookeeper", "workers", "tasks", "work" };

        [Fact]
        public void CompletesUnderTheRoot()
        {
            var result = PathCompletion.Candidates("/wo", parent => parent == "/" ? RootChildren : new string[0]);
            Assert.Equal(new[] { "/work", "/workers" }, result);
        }

        [Fact]
        public void ListsAllChildrenAfterASlash()
        {
            var result = PathCompletion.Candidates("/tasks/", parent => parent == "/tasks" ? new[] { "t2", "t1" } : new string[0]);
            Assert.Equal(new[] { "/tasks/t1", "/tasks/t2" }, result);
        }

        [Fact]
        public void EmptyAndRelativeWordsStartAtTheRoot()
        {
            Assert.Equal(4, PathCompletion.Candidates("", p => RootChildren).Count);
            Assert.Equal(new[] { "/tasks" }, PathCompletion.Candidates("ta", p => p == "/" ? RootChildren : new string[0]));
        }
    }

    public class FourLetterWordParseTests
    {
        [Fact]
        public void ParsesSrvr()
        {
            const string srvr = "Zookeeper version: 3.8.4-abc, built on 2024-02-12 22:16 UTC\nLatency min/avg/max: 0/0.5/3\nReceived: 12\nMode: standalone\nNode count: 5\n";
            var pairs = FourLetterWord.Parse(srvr);
            Assert.Contains(pairs, p => p.Key == "ZookeeperVersion" && ((string)p.Value).StartsWith("3.8.4", StringComparison.Ordinal));
            Assert.Contains(pairs, p => p.Key == "Mode" && (string)p.Value == "standalone");
            Assert.Contains(pairs, p => p.Key == "NodeCount" && (long)p.Value == 5);
            Assert.Contains(pairs, p => p.Key == "LatencyMin/avg/max" && (string)p.Value == "0/0.5/3");
        }

        [Fact]
        public void ParsesMntr()
        {
            var pairs = FourLetterWord.Parse("zk_version\t3.8.4\nzk_avg_latency\t0.25\nzk_server_state\tstandalone\n");
            Assert.Contains(pairs, p => p.Key == "zk_avg_latency" && (double)p.Value == 0.25);
            Assert.Contains(pairs, p => p.Key == "zk_server_state" && (string)p.Value == "standalone");
        }

        [Fact]
        public void ParsesConfAndSkipsNoise()
        {
            var pairs = FourLetterWord.Parse("clientPort=2181\nnot a pair\n\n");
            Assert.Single(pairs);
            Assert.Equal(2181L, pairs[0].Value);
        }
    }

    public class TaskWaiterTests
    {
        [Fact]
        public void RethrowsTheTasksOwnException()
        {
            var task = System.Threading.Tasks.Task.FromException<int>(ZooKeeperException.Create(ErrorCode.NoNode, "/x"));
            Assert.Throws<NoNodeException>(() => TaskWaiter.Wait(task, default));
        }

        [Fact]
        public void CancellationStopsTheWait()
        {
            var never = new System.Threading.Tasks.TaskCompletionSource<int>().Task;
            using var cts = new System.Threading.CancellationTokenSource(50);
            Assert.ThrowsAny<OperationCanceledException>(() => TaskWaiter.Wait(never, cts.Token));
            Assert.False(TaskWaiter.TryWait(never, TimeSpan.FromMilliseconds(20), default));
        }
    }
}
