using System;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Jute;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Client.Io
{
    /// <summary>
    /// A request on its way through the session: queued, written with an xid, then matched to
    /// its reply. The outcome is decoded on the connection's thread and published separately, so the
    /// session can hold publication back behind earlier watch events.
    /// </summary>
    internal interface IPendingRequest
    {
        OpCode Op { get; }
        /// <summary>The record written after the header, or null when the request has none.</summary>
        IRequestRecord? Record { get; }
        /// <summary>The client-side path, named in errors.</summary>
        string? Path { get; }
        /// <summary>The watch to register if the reply says the server set it.</summary>
        WatchRegistration? Watch { get; }
        int Xid { get; set; }
        /// <summary>The zxid in the reply's header: for a read, the last change the server had applied.</summary>
        long ReplyZxid { get; set; }

        /// <summary>Clears the watch flag of a getData / exists / getChildren request: its watch rides on a persistent one.</summary>
        void SendWithoutWatchFlag();

        /// <summary>Decodes the reply; returns the error code the server sent (Ok on success).</summary>
        ErrorCode Receive(ref JuteReader reader, in ReplyHeader header);

        void SetFailure(Exception error);

        /// <summary>Completes the caller's task with the stored outcome; later calls do nothing.</summary>
        void Publish();
    }

    /// <summary>
    /// A request that is itself the task its caller awaits, so a request costs one object and
    /// not three (request, completion source, task). The task is created unstarted around a
    /// delegate that returns the stored outcome; <see cref="Publish"/> runs it, on the publishing
    /// thread, through <see cref="RequestCompletion"/>. Continuations always run asynchronously:
    /// user code never runs on the connection's thread.
    /// </summary>
    internal class PendingRequest<T> : Task<T>, IPendingRequest
    {
        // One delegate per result type, shared by every request of that type.
        private static readonly Func<T> Outcome = RequestCompletion.OutcomeOf<T>;
        private readonly IRequestRecord? _record;
        private readonly ResponseParser<T> _parser;
        private readonly ErrorCode _acceptedError;
        private T _result = default!;
        private Exception? _error;
        private int _published;

        // acceptedError: an error that is an answer rather than a failure (NoNode for exists); the result is then default.
        public PendingRequest(OpCode op, IRequestRecord? record, string? path, ResponseParser<T> parser,
            WatchRegistration? watch = null, ErrorCode acceptedError = ErrorCode.Ok)
            : base(Outcome, TaskCreationOptions.RunContinuationsAsynchronously)
        {
            Op = op;
            _record = record;
            Path = path;
            Watch = watch;
            _parser = parser;
            _acceptedError = acceptedError;
        }

        public OpCode Op { get; }
        public virtual IRequestRecord? Record => _record;
        public string? Path { get; }
        public WatchRegistration? Watch { get; }
        public int Xid { get; set; }
        public long ReplyZxid { get; set; }

        public virtual void SendWithoutWatchFlag() =>
            throw new InvalidOperationException($"A {Op} request carries no watch flag.");

        public ErrorCode Receive(ref JuteReader reader, in ReplyHeader header)
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

        public void SetFailure(Exception error) => _error = error;

        public void Publish()
        {
            // Once: the ping is queued again and again, and a request can fail more than one way.
            if (Interlocked.Exchange(ref _published, 1) == 0)
            {
                RequestCompletion.Run(this);
            }
        }

        /// <summary>The outcome, as the task's delegate hands it over: the result, or the error thrown.</summary>
        internal T TakeOutcome() => _error == null ? _result : throw _error;
    }
}
