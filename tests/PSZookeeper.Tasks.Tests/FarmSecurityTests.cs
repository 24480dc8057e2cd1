using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.TestServers;
using Xunit;

namespace PSZookeeper.Tasks.Tests
{
    /// <summary>
    /// The farm's trust model against a real server: a farm secured with the farm identity and one
    /// submit-only identity (digest), attacked by an unauthenticated client and by the submitter.
    /// </summary>
    [Collection("farm-standalone")]
    public sealed class FarmSecurityTests
    {
        private static readonly FarmCredential FarmIdentity = new("farm", "farm-secret");
        private static readonly FarmCredential Alice = new("alice", "alice-secret");
        private const string Injected = "echo:INJECTED";

        private readonly StandaloneServerFixture _server;

        public FarmSecurityTests(StandaloneServerFixture server) => _server = server;

        /// <summary>Starts the master and waits until it leads, so the farm's folders exist (submitters never create a secured farm).</summary>
        private static async Task StartMasterAsync(InProcessFarm farm)
        {
            farm.StartMaster("m1");
            await farm.LogLineAsync("master m1: active");
        }

        private InProcessFarm SecuredFarm()
        {
            var farm = new InProcessFarm(_server.ConnectString);
            farm.Options.Credential = FarmIdentity;
            farm.Options.Submitters = new[] { Alice.Id };
            return farm;
        }

        private async Task<(ZooKeeperClient Client, TaskSubmitter Submitter)> ConnectAsAliceAsync(InProcessFarm farm)
        {
            ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
            await client.AddDigestAuthAsync(Alice.User, "alice-secret");
            return (client, new TaskSubmitter(client, new FarmOptions(_server.ConnectString, farm.Options.Paths) { Credential = Alice }));
        }

        [Fact]
        public async Task LegitimateFlowWorksAndEveryFarmNodeCarriesTheModelAcl()
        {
            await using InProcessFarm farm = SecuredFarm();
            await StartMasterAsync(farm);
            var executor = new ScriptedExecutor();
            farm.StartWorker("w1", executor);
            var (client, submitter) = await ConnectAsAliceAsync(farm);
            using (client)
            {
                string id = await submitter.SubmitAsync(new TaskSpec { Command = "echo:legit", SubmittedBy = "forged-by-caller" });
                TaskStatusRecord status = await submitter.WaitAsync(id, Bounded.Long);
                Assert.Equal(TaskState.Succeeded, status.State);
                Assert.Equal("legit", status.Output);

                using ZooKeeperClient admin = await ConnectAsFarmAsync();
                FarmPaths paths = farm.Options.Paths;
                var node = new[] { new Acl(Permissions.All, FarmIdentity.Id), new Acl(Permissions.Read, Alice.Id) };
                var tasks = new[] { new Acl(Permissions.All, FarmIdentity.Id), new Acl(Permissions.Create | Permissions.Read | Permissions.Delete, Alice.Id) };
                string candidate = paths.Election + "/" + (await admin.GetChildrenAsync(paths.Election)).Single();
                foreach (string path in new[] { paths.Root, paths.Election, candidate, paths.Master, paths.Workers, paths.Worker("w1"),
                    paths.Assign, paths.WorkerAssignments("w1"), paths.Status, paths.TaskStatus(id) })
                {
                    Assert.Equal<Acl>(node, (await admin.GetAclAsync(path)).Acl);
                }
                Assert.Equal<Acl>(tasks, (await admin.GetAclAsync(paths.Tasks)).Acl);

                // Audit: the identity the server authenticated, whatever the caller wrote.
                string queued = await submitter.SubmitAsync(new TaskSpec { Command = "echo:audit", SubmittedBy = "forged-by-caller" });
                byte[]? spec = (await admin.GetDataAsync(paths.Task(queued))).Data;
                string? submittedBy = FarmJson.Read<TaskSpec>(spec, queued).SubmittedBy;
                Assert.Equal("digest:alice", submittedBy);
                Assert.Equal<Acl>(node, (await admin.GetAclAsync(paths.Task(queued))).Acl);
                await submitter.WaitAsync(queued, Bounded.Long);
            }
        }

        public static TheoryData<string> Attackers => new() { "unauthenticated", "submit-only" };

        [Theory]
        [MemberData(nameof(Attackers))]
        public async Task EveryAttackIsRefusedAndTheInjectedCommandNeverRuns(string attacker)
        {
            await using InProcessFarm farm = SecuredFarm();
            await StartMasterAsync(farm);
            var executor = new ScriptedExecutor();
            farm.StartWorker("w1", executor);
            var (aliceClient, alice) = await ConnectAsAliceAsync(farm);
            using (aliceClient)
            {
                string done = await alice.SubmitAsync(new TaskSpec { Command = "echo:before" });
                Assert.Equal(TaskState.Succeeded, (await alice.WaitAsync(done, Bounded.Long)).State);

                using ZooKeeperClient evil = attacker == "submit-only"
                    ? await ConnectAliceClientAsync()
                    : await ZooKeeperClient.ConnectAsync(_server.ConnectString);
                FarmPaths paths = farm.Options.Paths;
                byte[] payload = FarmJson.Write(new TaskSpec { Command = Injected });
                // Keep the worker busy so a queued task stays in tasks/ while it is attacked.
                string busy = await alice.SubmitAsync(new TaskSpec { Command = "block" });
                await executor.FirstBlocked.Task.Within();
                string queued = await alice.SubmitAsync(new TaskSpec { Command = "echo:queued" });
                var attacks = new List<(string Name, Func<Task> Run)>
                {
                    ("create a node under assign/w1/ holding a task", () => evil.CreateAsync(paths.Assignment("w1", "task-9999999999"), payload)),
                    ("create assign/<fake worker>", () => evil.CreateAsync(paths.WorkerAssignments("fake"), null)),
                    ("overwrite a status node", () => evil.SetDataAsync(paths.TaskStatus(done), Encoding.UTF8.GetBytes("{\"state\":\"Failed\"}"))),
                    ("create a status node", () => evil.CreateAsync(paths.TaskStatus("task-8888888888"), Encoding.UTF8.GetBytes("{}"))),
                    ("delete the empty tasks folder", () => evil.DeleteAsync(paths.Tasks)),
                    ("register a fake worker", () => evil.CreateAsync(paths.Worker("fake"), null, null, CreateMode.Ephemeral)),
                    ("overwrite the master node", () => evil.SetDataAsync(paths.Master, Encoding.UTF8.GetBytes("evil"))),
                    ("delete the master node", () => evil.DeleteAsync(paths.Master)),
                    ("stand as a master candidate", () => evil.CreateAsync(paths.Election + "/n_", null, null, CreateMode.EphemeralSequential)),
                    ("set world:anyone:cdrwa on the root", () => evil.SetAclAsync(paths.Root, Ids.OpenAclUnsafe)),
                    ("set world:anyone:cdrwa on tasks/", () => evil.SetAclAsync(paths.Tasks, Ids.OpenAclUnsafe)),
                    ("create a folder under the root", () => evil.CreateAsync(paths.Root + "/extra", null)),
                };
                if (attacker == "unauthenticated")
                {
                    attacks.Add(("create a task under tasks/", () => evil.CreateAsync(paths.Tasks + "/task-", payload, null, CreateMode.PersistentSequential)));
                    attacks.Add(("read a task's status and output", () => evil.GetDataAsync(paths.TaskStatus(done))));
                    attacks.Add(("cancel (delete) a queued task", () => evil.DeleteAsync(paths.Task(queued))));
                }
                else
                {
                    attacks.Add(("rewrite a queued task", () => evil.SetDataAsync(paths.Task(queued), payload)));
                    attacks.Add(("open a queued task's ACL", () => evil.SetAclAsync(paths.Task(queued), Ids.OpenAclUnsafe)));
                }

                foreach (var (name, run) in attacks)
                {
                    Exception? refused = await Record.ExceptionAsync(run);
                    Assert.True(refused is NoAuthException, $"{attacker}: '{name}' was not refused ({refused?.GetType().Name ?? "accepted"})");
                }

                executor.Release();
                Assert.Equal(TaskState.Succeeded, (await alice.WaitAsync(busy, Bounded.Long)).State);
                Assert.Equal("queued", (await alice.WaitAsync(queued, Bounded.Long)).Output);
                Assert.DoesNotContain(Injected, executor.Commands);
                using ZooKeeperClient admin = await ConnectAsFarmAsync();
                Assert.Equal(new[] { "w1" }, await admin.GetChildrenAsync(paths.Assign));
                Assert.Equal(new[] { "w1" }, await admin.GetChildrenAsync(paths.Workers));
                Assert.Equal("m1", Encoding.UTF8.GetString((await admin.GetDataAsync(paths.Master)).Data!));
            }
        }

        [Fact]
        public async Task SubmitterCanSubmitReadAndCancelButUnauthenticatedCannot()
        {
            await using InProcessFarm farm = SecuredFarm();
            await StartMasterAsync(farm);
            var (aliceClient, alice) = await ConnectAsAliceAsync(farm);
            using (aliceClient)
            {
                string queued = await alice.SubmitAsync(new TaskSpec { Command = "echo:no worker yet" });
                Assert.Equal(TaskState.Queued, (await alice.GetStatusAsync(queued))!.State);

                using ZooKeeperClient stranger = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
                var strangerSubmitter = new TaskSubmitter(stranger, new FarmOptions(_server.ConnectString, farm.Options.Paths));
                await Assert.ThrowsAsync<NoAuthException>(() => stranger.DeleteAsync(farm.Options.Paths.Task(queued)));
                await Assert.ThrowsAsync<FarmSecurityException>(() => strangerSubmitter.SubmitAsync(new TaskSpec { Command = Injected }));

                Assert.True(await alice.CancelAsync(queued));
                Assert.Equal(TaskState.Cancelled, (await alice.WaitAsync(queued, Bounded.Long)).State);
                await Nodes.WaitUntilAsync(aliceClient, farm.Options.Paths.CancelMark(queued), exists: false);
                Assert.Equal(TaskState.Cancelled, (await alice.GetStatusAsync(queued))!.State);
            }
        }

        [Fact]
        public async Task MasterNeverAssignsATaskNodeOthersCouldRewrite()
        {
            await using InProcessFarm farm = SecuredFarm();
            await StartMasterAsync(farm);
            var executor = new ScriptedExecutor();
            farm.StartWorker("w1", executor);
            await farm.LogLineAsync("worker w1 registered");
            using ZooKeeperClient aliceClient = await ConnectAliceClientAsync();
            // A submitter (careless or hostile) creates a task anyone may rewrite, in a bucket of the model's.
            string bucket = QueueBucket.For(0, DateTimeOffset.UtcNow.AddSeconds(-10)).Name;
            await aliceClient.CreateAsync(farm.Options.Paths.Bucket(bucket), null, Model.TasksFolderAcl, CreateMode.Container);
            string id = await QueueByHandAsync(aliceClient, farm.Options.Paths, bucket, Ids.OpenAclUnsafe);

            var (client, alice) = await ConnectAsAliceAsync(farm);
            using (client)
            {
                TaskStatusRecord status = await alice.WaitAsync(id, Bounded.Long);
                Assert.Equal(TaskState.Failed, status.State);
                Assert.Contains("world:anyone:cdrwa", status.Error);
                string after = await alice.SubmitAsync(new TaskSpec { Command = "echo:after" });
                Assert.Equal(TaskState.Succeeded, (await alice.WaitAsync(after, Bounded.Long)).State);
                Assert.DoesNotContain(Injected, executor.Commands);
            }
        }

        [Fact]
        public async Task MasterRefusesEveryTaskInABucketOthersCouldWriteToAndSubmittersWillNotQueueThere()
        {
            await using InProcessFarm farm = SecuredFarm();
            await StartMasterAsync(farm);
            var executor = new ScriptedExecutor();
            farm.StartWorker("w1", executor);
            await farm.LogLineAsync("worker w1 registered");
            FarmPaths paths = farm.Options.Paths;
            using ZooKeeperClient aliceClient = await ConnectAliceClientAsync();
            // A submitter (careless or hostile) makes a due bucket, and one due in an hour, that anyone may write to.
            string due = QueueBucket.For(0, DateTimeOffset.UtcNow.AddSeconds(-10)).Name;
            QueueBucket later = QueueBucket.For(0, DateTimeOffset.UtcNow.AddHours(1));
            await aliceClient.CreateAsync(paths.Bucket(due), null, Ids.OpenAclUnsafe, CreateMode.Container);
            await aliceClient.CreateAsync(paths.Bucket(later.Name), null, Ids.OpenAclUnsafe, CreateMode.Container);

            // An unauthenticated client injects a task there, giving it the model's own ACL, which
            // passes the check of the task node alone: only its bucket gives it away.
            using ZooKeeperClient stranger = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
            string injected = await QueueByHandAsync(stranger, paths, due, Model.NodeAcl);

            var (client, alice) = await ConnectAsAliceAsync(farm);
            using (client)
            {
                TaskStatusRecord status = await alice.WaitAsync(injected, Bounded.Long);
                Assert.Equal(TaskState.Failed, status.State);
                Assert.Contains("bucket", status.Error);
                Assert.Contains("world:anyone:cdrwa", status.Error);

                FarmSecurityException refused = await Assert.ThrowsAsync<FarmSecurityException>(
                    () => alice.SubmitAsync(new TaskSpec { Command = "echo:later", NotBefore = later.DueAt }));
                Assert.Equal(paths.Bucket(later.Name), refused.Path);
                Assert.Empty(await stranger.GetChildrenAsync(paths.Bucket(later.Name)));

                string after = await alice.SubmitAsync(new TaskSpec { Command = "echo:after" });
                Assert.Equal(TaskState.Succeeded, (await alice.WaitAsync(after, Bounded.Long)).State);
                Assert.DoesNotContain(Injected, executor.Commands);
            }
        }

        /// <summary>Queues a task as a script without the farm's code would: a sequential node in the bucket, named as the farm names tasks.</summary>
        private static async Task<string> QueueByHandAsync(ZooKeeperClient client, FarmPaths paths, string bucket, IReadOnlyList<Acl> acl)
        {
            QueueBucket.TryParse(bucket, out QueueBucket parsed);
            string path = await client.CreateAsync(ZNodePath.Join(paths.Bucket(bucket), TaskNames.Prefix(TaskNames.NewKey(), parsed)),
                FarmJson.Write(new TaskSpec { Command = Injected }), acl, CreateMode.PersistentSequential);
            return ZNodePath.GetName(path);
        }

        /// <summary>The farm's model as <see cref="SecuredFarm"/> sets it up.</summary>
        private static FarmSecurity Model => FarmSecurity.Secured(new[] { FarmIdentity.Id }, new[] { Alice.Id });

        [Fact]
        public async Task WorkerNeverRunsAnAssignmentWhoseFolderIsWeak()
        {
            await using InProcessFarm farm = SecuredFarm();
            var executor = new ScriptedExecutor();
            farm.StartWorker("w1", executor);
            await farm.LogLineAsync("worker w1 registered");
            FarmPaths paths = farm.Options.Paths;
            using (ZooKeeperClient admin = await ConnectAsFarmAsync())
            {
                // Someone with the farm identity weakened the worker's folder while it runs.
                await admin.SetAclAsync(paths.WorkerAssignments("w1"), Ids.OpenAclUnsafe);
            }
            using ZooKeeperClient stranger = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
            await stranger.CreateAsync(paths.Assignment("w1", "task-7777777777"), FarmJson.Write(new TaskSpec { Command = Injected }), Ids.OpenAclUnsafe);

            string refusal = await farm.LogLineAsync("REFUSED");
            Assert.Contains(paths.Assignment("w1", "task-7777777777"), refusal);
            // Removed, so it does not hold one of the worker's slots for the life of its session.
            await Nodes.WaitUntilAsync(stranger, paths.Assignment("w1", "task-7777777777"), exists: false);
            Assert.Empty(executor.Commands);
        }

        [Fact]
        public async Task WeakRootIsRefusedByNameUntilRepaired()
        {
            await using InProcessFarm farm = SecuredFarm();
            FarmPaths paths = farm.Options.Paths;
            using ZooKeeperClient open = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
            // An open farm from before (or an attacker's world:anyone:cdrwa on the root).
            foreach (string folder in paths.Folders)
            {
                await open.CreateAsync(folder, null);
            }

            FarmSecurityException master = await Assert.ThrowsAsync<FarmSecurityException>(() => farm.StartMasterRun("m1").Within());
            Assert.Equal(paths.Root, master.Path);
            Assert.Contains("world:anyone:cdrwa", master.Message);
            Assert.DoesNotContain("farm-secret", master.Message);

            var (aliceClient, alice) = await ConnectAsAliceAsync(farm);
            using (aliceClient)
            {
                FarmSecurityException submitter = await Assert.ThrowsAsync<FarmSecurityException>(() => alice.SubmitAsync(new TaskSpec { Command = "echo:x" }));
                Assert.Equal(paths.Root, submitter.Path);
                Assert.Empty(await open.GetChildrenAsync(paths.Tasks));

                IReadOnlyList<WeakNode> weak = await FarmAudit.FindWeakNodesAsync(farm.Options);
                Assert.Equal(paths.Folders.OrderBy(p => p, StringComparer.Ordinal), weak.Select(w => w.Path));
                await FarmAudit.RepairAsync(farm.Options, weak);
                Assert.Empty(await FarmAudit.FindWeakNodesAsync(farm.Options));
                await Assert.ThrowsAsync<NoAuthException>(() => open.SetAclAsync(paths.Root, Ids.OpenAclUnsafe));

                await StartMasterAsync(farm);
                farm.StartWorker("w1", new ScriptedExecutor());
                var (repairedClient, repaired) = await ConnectAsAliceAsync(farm);
                using (repairedClient)
                {
                    string id = await repaired.SubmitAsync(new TaskSpec { Command = "echo:repaired" });
                    Assert.Equal(TaskState.Succeeded, (await repaired.WaitAsync(id, Bounded.Long)).State);
                }
            }
        }

        [Fact]
        public void ModelRoundTripsThroughTheRootAndIsComparedAsSubmittersSeeIt()
        {
            var paths = new FarmPaths("/m");
            FarmSecurity model = FarmSecurity.Secured(new[] { FarmIdentity.Id }, new[] { Alice.Id, FarmIdentity.Id }, worldRead: true);
            FarmSecurity read = FarmSecurity.FromRootData(paths, model.ToRootData());
            Assert.Equal(new[] { FarmIdentity.Id }, read.FarmIds);
            Assert.Equal(new[] { Alice.Id }, read.SubmitterIds);
            Assert.True(read.WorldRead);
            Assert.DoesNotContain(new Acl(Permissions.Read, Ids.AnyoneIdUnsafe), read.RootAcl);
            Assert.Contains(new Acl(Permissions.Read, Ids.AnyoneIdUnsafe), read.NodeAcl);
            Assert.DoesNotContain(FarmIdentity.Id.Ident, model.ToString());
            Assert.Throws<FarmSecurityException>(() => FarmSecurity.FromRootData(paths, null));
            Assert.Throws<ArgumentException>(() => FarmSecurity.Secured(new[] { Ids.AnyoneIdUnsafe }));

            // Without Admin, ZooKeeper shows digest ids as user:x.
            var seen = new[] { new Acl(Permissions.All, new Id("digest", "farm:x")), new Acl(Permissions.Read, new Id("digest", "alice:x")) };
            Assert.False(FarmSecurity.IsWeakerAsSeenWithoutAdmin(seen, read.NodeAcl));
            Assert.True(FarmSecurity.IsWeakerAsSeenWithoutAdmin(seen.Append(new Acl(Permissions.Create, Ids.AnyoneIdUnsafe)).ToList(), read.NodeAcl));
            Assert.True(FarmSecurity.IsWeaker(new[] { new Acl(Permissions.Read | Permissions.Write, Alice.Id) }, read.NodeAcl));
            Assert.False(FarmSecurity.IsWeaker(new[] { new Acl(Permissions.Read, FarmIdentity.Id) }, read.NodeAcl));
        }

        private async Task<ZooKeeperClient> ConnectAsFarmAsync()
        {
            ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
            await client.AddDigestAuthAsync(FarmIdentity.User, "farm-secret");
            return client;
        }

        private async Task<ZooKeeperClient> ConnectAliceClientAsync()
        {
            ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(_server.ConnectString);
            await client.AddDigestAuthAsync(Alice.User, "alice-secret");
            return client;
        }
    }
}
