using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Jute;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// A getData, exists, getChildren or getChildren2 request: it is its own (path, watch) record,
    /// so a read costs the one object its caller awaits.
    /// </summary>
    internal sealed class ReadRequest<T> : PendingRequest<T>, IRequestRecord
    {
        private readonly string _serverPath;
        private bool _watchFlag;

        public ReadRequest(OpCode op, string serverPath, bool watchFlag, string path, ResponseParser<T> parser,
            WatchRegistration? watch = null, ErrorCode acceptedError = ErrorCode.Ok)
            : base(op, null, path, parser, watch, acceptedError)
        {
            _serverPath = serverPath;
            _watchFlag = watchFlag;
        }

        public override IRequestRecord Record => this;

        public override void SendWithoutWatchFlag() => _watchFlag = false;

        public void Write(JuteWriter w) => PathWatchRequest.Write(w, _serverPath, _watchFlag);
    }
}
