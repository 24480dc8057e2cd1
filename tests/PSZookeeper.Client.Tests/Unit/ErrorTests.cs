using System;
using System.Linq;
using PSZookeeper.Client.Errors;
using Xunit;

namespace PSZookeeper.Client.Tests.Unit
{
    public class ErrorTests
    {
        public static TheoryData<ErrorCode, int, Type> CodeMap => new TheoryData<ErrorCode, int, Type>
        {
            { ErrorCode.SystemError, -1, typeof(SystemErrorException) },
            { ErrorCode.RuntimeInconsistency, -2, typeof(RuntimeInconsistencyException) },
            { ErrorCode.DataInconsistency, -3, typeof(DataInconsistencyException) },
            { ErrorCode.ConnectionLoss, -4, typeof(ConnectionLossException) },
            { ErrorCode.MarshallingError, -5, typeof(MarshallingErrorException) },
            { ErrorCode.Unimplemented, -6, typeof(UnimplementedException) },
            { ErrorCode.OperationTimeout, -7, typeof(OperationTimeoutException) },
            { ErrorCode.BadArguments, -8, typeof(BadArgumentsException) },
            { ErrorCode.UnknownSession, -12, typeof(UnknownSessionException) },
            { ErrorCode.NewConfigNoQuorum, -13, typeof(NewConfigNoQuorumException) },
            { ErrorCode.ReconfigInProgress, -14, typeof(ReconfigInProgressException) },
            { ErrorCode.ApiError, -100, typeof(ApiErrorException) },
            { ErrorCode.NoNode, -101, typeof(NoNodeException) },
            { ErrorCode.NoAuth, -102, typeof(NoAuthException) },
            { ErrorCode.BadVersion, -103, typeof(BadVersionException) },
            { ErrorCode.NoChildrenForEphemerals, -108, typeof(NoChildrenForEphemeralsException) },
            { ErrorCode.NodeExists, -110, typeof(NodeExistsException) },
            { ErrorCode.NotEmpty, -111, typeof(NotEmptyException) },
            { ErrorCode.SessionExpired, -112, typeof(SessionExpiredException) },
            { ErrorCode.InvalidCallback, -113, typeof(InvalidCallbackException) },
            { ErrorCode.InvalidAcl, -114, typeof(InvalidAclException) },
            { ErrorCode.AuthFailed, -115, typeof(AuthFailedException) },
            { ErrorCode.SessionMoved, -118, typeof(SessionMovedException) },
            { ErrorCode.NotReadOnly, -119, typeof(NotReadOnlyException) },
            { ErrorCode.EphemeralOnLocalSession, -120, typeof(EphemeralOnLocalSessionException) },
            { ErrorCode.NoWatcher, -121, typeof(NoWatcherException) },
            { ErrorCode.RequestTimeout, -122, typeof(RequestTimeoutException) },
            { ErrorCode.ReconfigDisabled, -123, typeof(ReconfigDisabledException) },
            { ErrorCode.SessionClosedRequireSaslAuth, -124, typeof(SessionClosedRequireSaslAuthException) },
            { ErrorCode.QuotaExceeded, -125, typeof(QuotaExceededException) },
            { ErrorCode.ThrottledOp, -127, typeof(ThrottledOpException) },
        };

        [Theory]
        [MemberData(nameof(CodeMap))]
        public void Create_MapsEveryCodeToItsSubclass(ErrorCode code, int wireValue, Type expectedType)
        {
            Assert.Equal(wireValue, (int)code);

            var inner = new InvalidOperationException("inner");
            ZooKeeperException ex = ZooKeeperException.Create(code, "/a/b", "detail", inner);

            Assert.IsType(expectedType, ex);
            Assert.True(expectedType.IsSealed);
            Assert.Equal(code, ex.Code);
            Assert.Equal("/a/b", ex.Path);
            Assert.Equal("detail", ex.Detail);
            Assert.Same(inner, ex.InnerException);
            Assert.Equal(code + ": /a/b (detail)", ex.Message);
        }

        [Theory]
        [MemberData(nameof(CodeMap))]
        public void SubclassConstructor_SetsCode(ErrorCode code, int wireValue, Type expectedType)
        {
            _ = wireValue;
            var ex = (ZooKeeperException)Activator.CreateInstance(expectedType, "/p", null, null)!;
            Assert.Equal(code, ex.Code);
            Assert.Equal("/p", ex.Path);
        }

        [Fact]
        public void CodeMap_CoversEveryEnumValueExceptOk()
        {
            var mapped = CodeMap.Select(row => (ErrorCode)row[0]).OrderBy(c => c).ToArray();
            var defined = Enum.GetValues(typeof(ErrorCode)).Cast<ErrorCode>()
                .Where(c => c != ErrorCode.Ok).OrderBy(c => c).ToArray();
            Assert.Equal(defined, mapped);
            Assert.Equal(32, Enum.GetValues(typeof(ErrorCode)).Length);
            Assert.Equal(0, (int)ErrorCode.Ok);
        }

        [Fact]
        public void Create_RejectsOk()
        {
            Assert.Throws<ArgumentException>(() => ZooKeeperException.Create(ErrorCode.Ok));
        }

        [Theory]
        [InlineData(-9)]
        [InlineData(-126)]
        [InlineData(-999)]
        [InlineData(42)]
        public void Create_UnknownCodeGivesUnknownErrorException(int raw)
        {
            ZooKeeperException ex = ZooKeeperException.Create((ErrorCode)raw, "/x");

            var unknown = Assert.IsType<UnknownErrorException>(ex);
            Assert.Equal(raw, unknown.RawCode);
            Assert.Equal((ErrorCode)raw, unknown.Code);
            Assert.Equal("UnknownError(" + raw + "): /x", unknown.Message);
            Assert.False(unknown.IsTransient);
        }

        [Theory]
        [InlineData(ErrorCode.ConnectionLoss, true)]
        [InlineData(ErrorCode.OperationTimeout, true)]
        [InlineData(ErrorCode.SessionMoved, true)]
        [InlineData(ErrorCode.RequestTimeout, true)]
        [InlineData(ErrorCode.ThrottledOp, true)]
        [InlineData(ErrorCode.SessionExpired, false)]
        [InlineData(ErrorCode.NoNode, false)]
        [InlineData(ErrorCode.NodeExists, false)]
        [InlineData(ErrorCode.BadVersion, false)]
        [InlineData(ErrorCode.AuthFailed, false)]
        [InlineData(ErrorCode.SystemError, false)]
        [InlineData(ErrorCode.MarshallingError, false)]
        [InlineData(ErrorCode.UnknownSession, false)]
        public void IsTransient_MatchesRetryableCodes(ErrorCode code, bool expected)
        {
            Assert.Equal(expected, ZooKeeperException.Create(code).IsTransient);
            Assert.Equal(expected, ZooKeeperException.IsTransientCode(code));
        }

        [Fact]
        public void IsTransient_OnlyFiveCodes()
        {
            var transient = Enum.GetValues(typeof(ErrorCode)).Cast<ErrorCode>()
                .Where(ZooKeeperException.IsTransientCode)
                .OrderBy(c => c)
                .ToArray();
            Assert.Equal(
                new[] { ErrorCode.ThrottledOp, ErrorCode.RequestTimeout, ErrorCode.SessionMoved, ErrorCode.OperationTimeout, ErrorCode.ConnectionLoss },
                transient);
        }

        [Fact]
        public void Message_CodeOnly()
        {
            Assert.Equal("ConnectionLoss", new ConnectionLossException().Message);
        }

        [Fact]
        public void Message_CodeAndPath()
        {
            Assert.Equal("NoNode: /a/b", ZooKeeperException.Create(ErrorCode.NoNode, "/a/b").Message);
        }

        [Fact]
        public void Message_CodeAndDetail()
        {
            Assert.Equal("ConnectionLoss (socket closed)", new ConnectionLossException(null, "socket closed").Message);
        }

        [Fact]
        public void Message_EmptyDetailIsOmitted()
        {
            Assert.Equal("NoNode: /a", new NoNodeException("/a", string.Empty).Message);
        }

        [Fact]
        public void Subclasses_AreCatchableAsBase()
        {
            Action act = () => throw new NodeExistsException("/n");
            Exception ex = Assert.ThrowsAny<ZooKeeperException>(act);
            Assert.IsType<NodeExistsException>(ex);
        }

        [Fact]
        public void ProtocolException_CarriesMessageAndInner()
        {
            var inner = new ArgumentOutOfRangeException("length");
            var ex = new ProtocolException("frame length -1 is negative", inner);
            Assert.Equal("frame length -1 is negative", ex.Message);
            Assert.Same(inner, ex.InnerException);
            Assert.Equal("truncated", new ProtocolException("truncated").Message);
        }
    }
}
