using System;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Jute;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// A request on its way through the session: queued, written with an xid, then matched to
    /// its reply. The outcome is decoded on the reader thread and published separately, so the
    /// session can hold publication back behind earlier watch events.
    /// </summary>
    internal abstract class PendingRequest
    {
        protected PendingRequest(OpCode op, IRequestRecord? record, string? path, WatchRegistration? watch)
        {
            Op = op;
            Record = record;
            Path = path;
            Watch = watch;
        }

        public OpCode Op { get; }
        public IRequestRecord? Record { get; private set; }
        /// <summary>The client-side path, named in errors.</summary>
        public string? Path { get; }
        /// <summary>The watch to register if the reply says the server set it.</summary>
        public WatchRegistration? Watch { get; }
        public int Xid { get; set; }
        /// <summary>The zxid in the reply's header: for a read, the last change the server had applied.</summary>
        public long ReplyZxid { get; set; }

        /// <summary>Clears the watch flag of a getData / exists / getChildren request: its watch rides on a persistent one.</summary>
        public void SendWithoutWatchFlag()
        {
            var record = (PathWatchRequest)Record!;
            Record = new PathWatchRequest(record.Path, false);
        }

        /// <summary>Decodes the reply; returns the error code the server sent (Ok on success).</summary>
        public abstract ErrorCode Receive(ref JuteReader reader, in ReplyHeader header);

        public abstract void SetFailure(Exception error);

        /// <summary>Completes the caller's task with the stored outcome.</summary>
        public abstract void Publish();
    }

    internal sealed class PendingRequest<T> : PendingRequest
    {
        private readonly TaskCompletionSource<T> _completion =
            new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ResponseParser<T> _parser;
        private readonly ErrorCode _acceptedError;
        private T _result = default!;
        private Exception? _error;

        // acceptedError: an error that is an answer rather than a failure (NoNode for exists); the result is then default.
        public PendingRequest(OpCode op, IRequestRecord? record, string? path, ResponseParser<T> parser,
            WatchRegistration? watch = null, ErrorCode acceptedError = ErrorCode.Ok)
            : base(op, record, path, watch)
        {
            _parser = parser;
            _acceptedError = acceptedError;
        }

        public Task<T> Task => _completion.Task;

        public override ErrorCode Receive(ref JuteReader reader, in ReplyHeader header)
        {
            var code = (ErrorCode)header.Err;
            if (code == ErrorCode.Ok)
            {
                _result = _parser(ref reader);
            }
            else if (code != _acceptedError)
            {
                _error = ZooKeeperException.Create(code, Path);
            }
            return code;
        }

        public override void SetFailure(Exception error) => _error = error;

        public override void Publish()
        {
            if (_error != null)
            {
                _completion.TrySetException(_error);
            }
            else
            {
                _completion.TrySetResult(_result);
            }
        }
    }
}
