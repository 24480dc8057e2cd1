using System;
using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    /// <summary>Bad input is refused before anything is sent, and the session stays healthy.</summary>
    [Collection("standalone")]
    public sealed class InputValidationTests : ClientTestBase
    {
        public InputValidationTests(StandaloneFixture fixture) : base(fixture)
        {
        }

        [Theory]
        [InlineData("")]
        [InlineData("relative")]
        [InlineData("/trailing/")]
        [InlineData("/double//slash")]
        [InlineData("/dot/./x")]
        [InlineData("/dots/../x")]
        [InlineData("/nul\u0000")]
        [InlineData("/ctl\u0007")]
        [InlineData("/del\u007F")]
        [InlineData("/private\uE000")]
        [InlineData("/nonchar\uFFFE")]
        public async Task InvalidPathsAreRejectedLocally(string path)
        {
            Refused.BeforeSending<InvalidPathException>(() => Client.CreateAsync(path, null));
            Refused.BeforeSending<InvalidPathException>(() => Client.GetDataAsync(path));
            Refused.BeforeSending<InvalidPathException>(() => Client.DeleteAsync(path));
            Refused.BeforeSending<InvalidPathException>(() => Client.ExistsAsync(path));
            Assert.Equal(ClientState.Connected, Client.State);
            Assert.NotNull(await Client.ExistsAsync(Root));
        }

        [Fact]
        public async Task SequentialCreateMayEndWithSlash()
        {
            await Client.CreateAsync(P("q"), null);
            string created = await Client.CreateAsync(P("q") + "/", null, mode: CreateMode.PersistentSequential);
            Assert.Matches(@"/q/\d{10}$", created);
            Refused.BeforeSending<InvalidPathException>(() => Client.CreateAsync(P("q") + "/", null));
        }

        [Fact]
        public async Task OversizedDataIsRefusedBeforeSending()
        {
            var tooBig = new byte[0xFFFFF + 1];
            var ex = Refused.BeforeSending<DataTooLargeException>(() => Client.CreateAsync(P("big"), tooBig));
            Assert.Equal(0xFFFFF, ex.Limit);
            await Client.CreateAsync(P("big"), null);
            Refused.BeforeSending<DataTooLargeException>(() => Client.SetDataAsync(P("big"), tooBig));
            Refused.BeforeSending<DataTooLargeException>(() => Client.MultiAsync(new[] { Op.SetData(P("big"), tooBig) }));
            Assert.Null((await Client.GetDataAsync(P("big"))).Data);
        }

        [Fact]
        public async Task DataJustUnderTheServerLimitIsStored()
        {
            // The server's jute.maxbuffer bounds the whole request, so leave room for the path and headers.
            var large = new byte[1_000_000];
            new Random(7).NextBytes(large);
            await Client.CreateAsync(P("large"), large);
            Assert.Equal(large, (await Client.GetDataAsync(P("large"))).Data);
        }

        [Fact]
        public void TtlRulesAreCheckedLocally()
        {
            Refused.BeforeSending<ArgumentOutOfRangeException>(() => Client.CreateAsync(P("ttl"), null, mode: CreateMode.PersistentWithTtl));
            Refused.BeforeSending<ArgumentException>(() => Client.CreateAsync(P("ttl"), null, mode: CreateMode.Persistent, ttl: 1000));
            Refused.BeforeSending<ArgumentException>(() => Client.CreateAsync(P("acl"), null, Array.Empty<Acl>()));
        }

        [Fact]
        public void BadConnectStringsAreRejected()
        {
            Assert.Throws<ArgumentException>(() => ConnectString.Parse(""));
            Assert.Throws<ArgumentException>(() => ConnectString.Parse("host:notaport"));
            Assert.Throws<ArgumentException>(() => ConnectString.Parse("host:70000"));
            Assert.Throws<InvalidPathException>(() => ConnectString.Parse("host:2181/bad//chroot"));
            ConnectString parsed = ConnectString.Parse("a:1, b ,[::1]:3/app/x");
            Assert.Equal(new[] { "a:1", "b:2181", "[::1]:3" }, parsed.Hosts.Select(h => h.ToString()));
            Assert.Equal("/app/x", parsed.Chroot);
        }
    }
}
