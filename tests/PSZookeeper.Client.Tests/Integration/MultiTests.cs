using System.Linq;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using Xunit;

namespace PSZookeeper.Client.Tests.Integration
{
    [Collection("standalone")]
    public sealed class MultiTests : ClientTestBase
    {
        public MultiTests(StandaloneFixture fixture) : base(fixture)
        {
        }

        [Fact]
        public async Task SuccessfulTransactionAppliesEveryOp()
        {
            await Client.CreateAsync(P("old"), Bytes.Of("v"));
            await Client.CreateAsync(P("gone"), null);
            var results = await Client.MultiAsync(new[]
            {
                Op.Create(P("new"), Bytes.Of("n"), Ids.OpenAclUnsafe),
                Op.Check(P("old"), 0),
                Op.SetData(P("old"), Bytes.Of("w"), 0),
                Op.Delete(P("gone")),
                Op.Create(P("seq-"), null, Ids.OpenAclUnsafe, CreateMode.PersistentSequential),
            });
            Assert.IsType<CreateResult>(results[0]);
            Assert.Equal(P("new"), ((CreateResult)results[0]).Path);
            Assert.IsType<CheckResult>(results[1]);
            Assert.Equal(1, ((SetDataResult)results[2]).Stat.Version);
            Assert.IsType<DeleteResult>(results[3]);
            Assert.StartsWith(P("seq-"), ((CreateResult)results[4]).Path);
            Assert.Equal("w", Bytes.Text((await Client.GetDataAsync(P("old"))).Data));
            Assert.Null(await Client.ExistsAsync(P("gone")));
        }

        [Fact]
        public async Task FailedTransactionAppliesNothing()
        {
            await Client.CreateAsync(P("keep"), Bytes.Of("v"));
            var ex = await Assert.ThrowsAsync<BadVersionException>(() => Client.MultiAsync(new[]
            {
                Op.Create(P("a"), null, Ids.OpenAclUnsafe),
                Op.Check(P("keep"), 5),
                Op.Delete(P("keep")),
                Op.Create(P("b"), null, Ids.OpenAclUnsafe),
            }));
            Assert.Equal(1, ex.FailedOpIndex);
            Assert.Equal(P("keep"), ex.Path);
            Assert.Equal(
                new[] { ErrorCode.Ok, ErrorCode.BadVersion, ErrorCode.RuntimeInconsistency, ErrorCode.RuntimeInconsistency },
                ex.Results!.Cast<ErrorResult>().Select(r => r.Code));
            Assert.Null(await Client.ExistsAsync(P("a")));
            Assert.Null(await Client.ExistsAsync(P("b")));
            Assert.NotNull(await Client.ExistsAsync(P("keep")));
        }

        [Fact]
        public async Task ReadBatchReportsEachOpOnItsOwn()
        {
            await Client.CreateAsync(P("r"), Bytes.Of("data"));
            await Client.CreateAsync(P("r/k"), null);
            var results = await Client.MultiReadAsync(new[] { Op.GetData(P("r")), Op.GetChildren(P("r")), Op.GetData(P("missing")) });
            Assert.Equal("data", Bytes.Text(((GetDataResult)results[0]).Node.Data));
            Assert.Equal(new[] { "k" }, ((GetChildrenResult)results[1]).Children);
            Assert.Equal(ErrorCode.NoNode, ((ErrorResult)results[2]).Code);
        }

        [Fact]
        public void ReadsAndWritesDoNotMix()
        {
            Refused.BeforeSending<System.ArgumentException>(() => Client.MultiAsync(new[] { Op.GetData(P("x")) }));
            Refused.BeforeSending<System.ArgumentException>(() => Client.MultiReadAsync(new[] { Op.Delete(P("x")) }));
            Refused.BeforeSending<InvalidPathException>(() => Client.MultiAsync(new[] { Op.Delete("bad//path") }));
        }
    }
}
