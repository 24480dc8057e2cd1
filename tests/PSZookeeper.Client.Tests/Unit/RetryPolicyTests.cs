using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using Xunit;

namespace PSZookeeper.Client.Tests.Unit
{
    public class RetryPolicyTests
    {
        private static readonly TimeSpan Tiny = TimeSpan.FromMilliseconds(1);

        private static RetryPolicy Fast(int maxAttempts) => new RetryPolicy(maxAttempts, Tiny, Tiny);

        [Fact]
        public void Default_HasDocumentedValues()
        {
            Assert.Equal(5, RetryPolicy.Default.MaxAttempts);
            Assert.Equal(TimeSpan.FromMilliseconds(100), RetryPolicy.Default.InitialDelay);
            Assert.Equal(TimeSpan.FromSeconds(5), RetryPolicy.Default.MaxDelay);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(4)]
        public async Task ExecuteAsync_RetriesTransientFailuresUntilSuccess(int failures)
        {
            int calls = 0;
            int result = await Fast(5).ExecuteAsync(_ =>
            {
                calls++;
                if (calls <= failures)
                {
                    throw new ConnectionLossException();
                }

                return Task.FromResult(42);
            });

            Assert.Equal(42, result);
            Assert.Equal(failures + 1, calls);
        }

        [Fact]
        public async Task ExecuteAsync_RethrowsLastExceptionWhenAttemptsExhausted()
        {
            int calls = 0;
            ConnectionLossException? last = null;
            var thrown = await Assert.ThrowsAsync<ConnectionLossException>(() => Fast(3).ExecuteAsync<int>(_ =>
            {
                calls++;
                last = new ConnectionLossException(null, "attempt " + calls);
                throw last;
            }));

            Assert.Equal(3, calls);
            Assert.Same(last, thrown);
        }

        [Fact]
        public async Task ExecuteAsync_RetriesAsyncFaults()
        {
            int calls = 0;
            int result = await Fast(5).ExecuteAsync(async _ =>
            {
                await Task.Yield();
                if (++calls < 3)
                {
                    throw new RequestTimeoutException();
                }

                return 7;
            });

            Assert.Equal(7, result);
            Assert.Equal(3, calls);
        }

        [Theory]
        [InlineData(ErrorCode.ConnectionLoss)]
        [InlineData(ErrorCode.OperationTimeout)]
        [InlineData(ErrorCode.SessionMoved)]
        [InlineData(ErrorCode.RequestTimeout)]
        [InlineData(ErrorCode.ThrottledOp)]
        public async Task ExecuteAsync_RetriesEveryTransientCode(ErrorCode code)
        {
            int calls = 0;
            await Fast(2).ExecuteAsync(_ =>
            {
                if (++calls == 1)
                {
                    throw ZooKeeperException.Create(code);
                }

                return Task.CompletedTask;
            });

            Assert.Equal(2, calls);
        }

        [Theory]
        [InlineData(ErrorCode.SessionExpired)]
        [InlineData(ErrorCode.NoNode)]
        [InlineData(ErrorCode.NodeExists)]
        [InlineData(ErrorCode.BadVersion)]
        [InlineData(ErrorCode.AuthFailed)]
        public async Task ExecuteAsync_DoesNotRetryNonTransientCodes(ErrorCode code)
        {
            int calls = 0;
            var ex = await Assert.ThrowsAnyAsync<ZooKeeperException>(() => Fast(5).ExecuteAsync<int>(_ =>
            {
                calls++;
                throw ZooKeeperException.Create(code, "/x");
            }));

            Assert.Equal(code, ex.Code);
            Assert.Equal(1, calls);
        }

        [Fact]
        public async Task ExecuteAsync_DoesNotRetryOtherExceptions()
        {
            int calls = 0;
            await Assert.ThrowsAsync<InvalidOperationException>(() => Fast(5).ExecuteAsync(_ =>
            {
                calls++;
                throw new InvalidOperationException();
            }));

            Assert.Equal(1, calls);
        }

        [Fact]
        public async Task ExecuteAsync_NonGeneric_RetriesAndExhausts()
        {
            int calls = 0;
            await Assert.ThrowsAsync<ThrottledOpException>(() => Fast(4).ExecuteAsync(_ =>
            {
                calls++;
                return Task.FromException(new ThrottledOpException());
            }));

            Assert.Equal(4, calls);
        }

        [Fact]
        public async Task ExecuteAsync_SingleAttemptNeverRetries()
        {
            int calls = 0;
            await Assert.ThrowsAsync<ConnectionLossException>(() => Fast(1).ExecuteAsync<int>(_ =>
            {
                calls++;
                throw new ConnectionLossException();
            }));

            Assert.Equal(1, calls);
        }

        [Fact]
        public async Task ExecuteAsync_PassesTokenToOperation()
        {
            using var cts = new CancellationTokenSource();
            CancellationToken seen = default;
            await Fast(1).ExecuteAsync(token =>
            {
                seen = token;
                return Task.CompletedTask;
            }, cts.Token);

            Assert.Equal(cts.Token, seen);
        }

        [Fact]
        public async Task ExecuteAsync_AlreadyCancelled_DoesNotInvokeOperation()
        {
            int calls = 0;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Fast(5).ExecuteAsync(_ =>
            {
                calls++;
                return Task.CompletedTask;
            }, new CancellationToken(true)));

            Assert.Equal(0, calls);
        }

        [Fact]
        public async Task ExecuteAsync_CancellationDuringDelay_StopsRetrying()
        {
            // A delay far longer than any test run: only cancellation can end it.
            var policy = new RetryPolicy(5, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
            using var cts = new CancellationTokenSource();
            int calls = 0;

            Task task = policy.ExecuteAsync(_ =>
            {
                calls++;
                cts.Cancel();
                throw new ConnectionLossException();
            }, cts.Token);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
            Assert.Equal(1, calls);
        }

        [Fact]
        public async Task ExecuteAsync_CancellationWhileWaiting_Observed()
        {
            var policy = new RetryPolicy(5, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
            using var cts = new CancellationTokenSource();
            var firstCall = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            int calls = 0;

            Task task = policy.ExecuteAsync(_ =>
            {
                calls++;
                firstCall.TrySetResult(true);
                throw new ConnectionLossException();
            }, cts.Token);

            await firstCall.Task;
            Assert.False(task.IsCompleted);
            cts.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
            Assert.Equal(1, calls);
        }

        [Fact]
        public async Task ExecuteAsync_NullOperationThrows()
        {
            await Assert.ThrowsAsync<ArgumentNullException>(() => RetryPolicy.Default.ExecuteAsync<int>(null!));
            await Assert.ThrowsAsync<ArgumentNullException>(() => RetryPolicy.Default.ExecuteAsync(null!));
        }

        [Fact]
        public void Constructor_ZeroDelaysAllowed()
        {
            var policy = new RetryPolicy(3, TimeSpan.Zero, TimeSpan.Zero);
            Assert.Equal(TimeSpan.Zero, policy.ComputeDelay(3, 0.99));
        }

        [Fact]
        public void Constructor_ValidatesArguments()
        {
            Assert.Equal("maxAttempts", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(0)).ParamName);
            Assert.Equal("maxAttempts", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(-1)).ParamName);
            Assert.Equal("initialDelay", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, TimeSpan.FromMilliseconds(-1))).ParamName);
            Assert.Equal("initialDelay", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, TimeSpan.FromDays(30), TimeSpan.FromDays(30))).ParamName);
            Assert.Equal("maxDelay", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1))).ParamName);
            Assert.Equal("maxDelay", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, null, TimeSpan.FromMilliseconds(50))).ParamName);
            Assert.Equal("maxDelay", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, TimeSpan.Zero, TimeSpan.FromDays(30))).ParamName);
        }

        [Theory]
        [InlineData(1, 100)]
        [InlineData(2, 200)]
        [InlineData(3, 400)]
        [InlineData(4, 800)]
        [InlineData(6, 3200)]
        [InlineData(7, 5000)]
        [InlineData(100, 5000)]
        public void ComputeDelay_DoublesUpToCapWithEqualJitter(int retry, double nominalMs)
        {
            var policy = RetryPolicy.Default;
            Assert.Equal(nominalMs / 2, policy.ComputeDelay(retry, 0.0).TotalMilliseconds, 3);
            Assert.Equal(nominalMs * 0.75, policy.ComputeDelay(retry, 0.5).TotalMilliseconds, 3);
            Assert.True(policy.ComputeDelay(retry, 0.999999).TotalMilliseconds <= nominalMs);
        }
    }
}
