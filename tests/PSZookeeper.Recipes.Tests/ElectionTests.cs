using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Framework;
using PSZookeeper.TestServers;
using Xunit;
using Xunit.Abstractions;

namespace PSZookeeper.Recipes.Tests
{
    [Collection("recipes-standalone")]
    public sealed class ElectionTests : StandaloneTestBase
    {
        private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(4);

        public ElectionTests(StandaloneServerFixture fixture, ITestOutputHelper output) : base(fixture, output)
        {
        }

        [Fact]
        public async Task ExpiredKilledOrRelinquishingLeadersHandOverWithoutTwoLeadersAtOnce()
        {
            string electionPath = P("election");
            string logPath = P("guarded");
            await Client.CreateAsync(logPath, null);
            var acquired = new Pulse();
            var candidates = new List<Candidate>();
            for (int i = 0; i < 5; i++)
            {
                Victim victim = await ConnectVictimAsync(Fixture.Server.Port, SessionTimeout);
                var candidate = new Candidate(i, victim, electionPath, logPath, acquired);
                candidates.Add(candidate);
                await candidate.Election.StartAsync().Within(what: "joining");
            }

            // Round 1: the leader's session really expires.
            Candidate first = await LeaderAsync(candidates, acquired);
            await first.Wrote.Within(what: "the first leader's guarded write");
            await Sessions.ExpireAsync(Fixture.ConnectString, first.Victim);
            Candidate second = await LeaderAsync(candidates, acquired, exclude: first);
            // Cut off first (so it could not take its session back), it may give up as suspended before it learns of the expiry.
            Assert.Contains(await first.LostReasonAsync(), new[] { HoldEndReason.SessionLost, HoldEndReason.Suspended });
            await first.Election.Completion.Within(what: "the expired candidate's election to end");
            Assert.Equal(ConnectionChange.Expired, Assert.IsType<SessionLostException>(first.Election.Failure).Reason);

            // Round 2: the next leader's process dies (its client closes without a word to the election).
            await second.Wrote.Within(what: "the second leader's guarded write");
            second.Victim.Client.Dispose();
            Candidate third = await LeaderAsync(candidates, acquired, exclude: second);
            Assert.Contains(await second.LostReasonAsync(), new[] { HoldEndReason.SessionLost, HoldEndReason.Suspended });
            await second.Election.Completion.Within(what: "the killed candidate's election to end");
            Assert.IsType<SessionLostException>(second.Election.Failure);

            // Round 3: leadership given up on demand; the old leader queues again at the back.
            await third.Wrote.Within(what: "the third leader's guarded write");
            Assert.True(await third.Election.RelinquishAsync().Within(what: "relinquishing"));
            Candidate fourth = await LeaderAsync(candidates, acquired, exclude: third);
            Assert.Equal(HoldEndReason.Released, await third.LostReasonAsync());
            Assert.True(third.Election.IsRunning);
            IReadOnlyList<string> queue = await third.Election.GetCandidatesAsync();
            Assert.Equal(3, queue.Count);
            Assert.Equal(ZNodePath.GetName(third.Election.CandidatePath!), queue[2]);
            await fourth.Wrote.Within(what: "the fourth leader's guarded write");


            foreach (Candidate candidate in candidates)
            {
                await candidate.StopAsync();
            }
            // The guarded log: every entry was written in a transaction that checked the writer's
            // leader node, so the tokens must never go back: no two leaders wrote at once.
            List<long> tokens = await candidates[0].ReadLogTokensAsync(Client);
            Assert.NotEmpty(tokens);
            for (int i = 1; i < tokens.Count; i++)
            {
                Assert.True(tokens[i] >= tokens[i - 1], $"entry {i} has token {tokens[i]} after {tokens[i - 1]}");
            }
            Assert.True(tokens.Distinct().Count() >= 4, "every leader wrote");
            Assert.Empty(await Client.GetChildrenAsync(electionPath));
        }

        [Fact]
        public async Task LeadershipIsGivenUpPastTheSuspendedBoundAndRegainedAfterTheReconnect()
        {
            string electionPath = P("election");
            var acquired = new Pulse();
            Victim victim = await ConnectVictimAsync(Fixture.Server.Port, SessionTimeout);
            var leader = new Candidate(0, victim, electionPath, null, acquired);
            await leader.Election.StartAsync();
            Leadership term = await leader.Election.WaitForLeadershipAsync(Wait.Long);
            var follower = new Candidate(1, await ConnectVictimAsync(Fixture.Server.Port, SessionTimeout), electionPath, null, acquired);
            await follower.Election.StartAsync();

            var suspended = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            leader.Election.ConnectionStateChanged += (_, e) =>
            {
                if (e.State == ConnectionState.Suspended)
                {
                    suspended.TrySetResult(true);
                }
            };
            // Block drops the connection, so the suspension starts after the clock does: a leader that
            // gave up at once would show far less than the grace; load can only make it more.
            TimeSpan grace = TimeSpan.FromTicks(victim.Client.SessionTimeout.Ticks / 4);
            var clock = Stopwatch.StartNew();
            victim.Proxy.Block();
            await suspended.Task.Within(what: "the election to report the suspension");
            // Given up as suspended, not as lost: the session was still alive (regained below).
            Assert.Equal(HoldEndReason.Suspended, await leader.LostReasonAsync());
            TimeSpan gaveUpAfter = clock.Elapsed;
            Assert.True(gaveUpAfter >= grace, $"leadership given up {gaveUpAfter.TotalMilliseconds:0} ms into the suspension, before its {grace.TotalMilliseconds:0} ms grace");
            Assert.True(term.LostToken.IsCancellationRequested);
            victim.Proxy.Unblock();

            Leadership again = await leader.Election.WaitForLeadershipAsync(Wait.Long);
            Assert.Equal(term.FencingToken, again.FencingToken);
            Assert.NotSame(term, again);
            Assert.False(follower.Election.IsLeader);
            Assert.Equal(0, follower.Acquisitions);
            await leader.StopAsync();
            await follower.Election.WaitForLeadershipAsync(Wait.Long);
            await follower.StopAsync();
        }

        private static async Task<Candidate> LeaderAsync(List<Candidate> candidates, Pulse acquired, Candidate? exclude = null)
        {
            Candidate? leader = null;
            await Wait.UntilAsync(() =>
            {
                List<Candidate> leading = candidates.Where(c => c != exclude && c.Election.IsLeader).ToList();
                Assert.True(leading.Count <= 1, "two candidates believe they lead");
                leader = leading.FirstOrDefault();
                return leader != null;
            }, acquired, Wait.Long, "a new leader");
            return leader!;
        }

        /// <summary>One candidate: its election, its events, and the guarded writes it makes while leading.</summary>
        private sealed class Candidate
        {
            private readonly string? _logPath;
            private readonly ConcurrentQueue<HoldEndReason> _lost = new ConcurrentQueue<HoldEndReason>();
            private readonly Pulse _lostPulse = new Pulse();
            private readonly List<Task> _writers = new List<Task>();
            private readonly TaskCompletionSource<bool> _wrote = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _acquisitions;

            public Candidate(int id, Victim victim, string electionPath, string? logPath, Pulse acquired)
            {
                Victim = victim;
                _logPath = logPath;
                Election = new LeaderElection(victim.Client, electionPath, new LeaderElectionOptions { CandidateData = System.Text.Encoding.UTF8.GetBytes($"candidate {id}") });
                Election.LeadershipAcquired += (_, e) =>
                {
                    Interlocked.Increment(ref _acquisitions);
                    if (_logPath != null)
                    {
                        lock (_writers)
                        {
                            _writers.Add(Task.Run(() => WriteWhileLeadingAsync(e.Leadership)));
                        }
                    }
                    acquired.Fire();
                };
                Election.LeadershipLost += (_, e) =>
                {
                    _lost.Enqueue(e.Reason!.Value);
                    _lostPulse.Fire();
                };
            }

            public Victim Victim { get; }

            public LeaderElection Election { get; }

            public int Acquisitions => Volatile.Read(ref _acquisitions);

            /// <summary>Completes after this candidate's first guarded write as leader.</summary>
            public Task Wrote => _wrote.Task;

            public async Task<HoldEndReason> LostReasonAsync()
            {
                HoldEndReason reason = default;
                await Wait.UntilAsync(() => _lost.TryDequeue(out reason), _lostPulse, Wait.Long, "LeadershipLost");
                return reason;
            }

            public async Task StopAsync()
            {
                await Election.StopAsync().Within(what: "stopping the election");
                Task[] writers;
                lock (_writers)
                {
                    writers = _writers.ToArray();
                }
                await Task.WhenAll(writers).Within(what: "the leader's writer");
            }

            public async Task<List<long>> ReadLogTokensAsync(ZooKeeperClient client)
            {
                IReadOnlyList<string> names = await client.GetChildrenAsync(_logPath!);
                var tokens = new List<long>();
                foreach (string name in names.OrderBy(n => n, StringComparer.Ordinal))
                {
                    tokens.Add(long.Parse(System.Text.Encoding.UTF8.GetString((await client.GetDataAsync(_logPath + "/" + name)).Data!)));
                }
                return tokens;
            }

            /// <summary>Writes log entries guarded by the leader node until the term ends (at most 50).</summary>
            private async Task WriteWhileLeadingAsync(Leadership term)
            {
                byte[] token = System.Text.Encoding.UTF8.GetBytes(term.FencingToken.ToString());
                for (int i = 0; i < 50 && !term.LostToken.IsCancellationRequested; i++)
                {
                    try
                    {
                        // A write on a client being disposed may never complete (a client issue): stop at the end of the term.
                        await Victim.Client.MultiAsync(new[] { term.CheckOp(), Op.Create(_logPath + "/e-", token, Ids.OpenAclUnsafe, CreateMode.PersistentSequential) })
                            .WaitAsync(term.LostToken);
                        _wrote.TrySetResult(true);
                    }
                    catch (Exception ex) when (ex is ZooKeeperException || ex is ObjectDisposedException || ex is OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
    }
}
