using System;
using System.Globalization;

namespace PSZookeeper.Client.Errors
{
    /// <summary>
    /// Base type of every error reported by a ZooKeeper server or by the client on its behalf.
    /// Each <see cref="ErrorCode"/> has its own sealed subclass, created by <see cref="Create"/>.
    /// </summary>
    public class ZooKeeperException : Exception
    {
        /// <summary>Creates an exception for <paramref name="code"/>; used by the subclasses.</summary>
        /// <param name="code">The server result code.</param>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional human-readable context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        protected ZooKeeperException(ErrorCode code, string? path, string? detail, Exception? inner)
            : base(FormatMessage(code, path, detail), inner)
        {
            Code = code;
            Path = path;
            Detail = detail;
        }

        /// <summary>The server result code.</summary>
        public ErrorCode Code { get; }

        /// <summary>The client-visible path the failed operation addressed, or <see langword="null"/>.</summary>
        public string? Path { get; }

        /// <summary>Additional context supplied when the exception was created, or <see langword="null"/>.</summary>
        public string? Detail { get; }

        /// <summary>For a failed transaction (multi): every op's result, in order; otherwise null.</summary>
        public System.Collections.Generic.IReadOnlyList<OpResult>? Results { get; internal set; }

        /// <summary>For a failed transaction (multi): the index of the op that failed; otherwise -1.</summary>
        public int FailedOpIndex { get; internal set; } = -1;

        /// <summary>
        /// <see langword="true"/> when the same operation may succeed if retried on the same session.
        /// </summary>
        /// <remarks>See <see cref="IsTransientCode"/> for which codes qualify.</remarks>
        public bool IsTransient => IsTransientCode(Code);

        /// <summary>
        /// Whether <paramref name="code"/> describes a failure that may go away if the operation is
        /// retried on the same session.
        /// </summary>
        /// <remarks>
        /// Only failures of the connection or of server load qualify. <see cref="ErrorCode.SessionExpired"/>
        /// does not: the session itself is gone, so retrying on it can never succeed and the caller
        /// must build a new session (and recreate its ephemeral nodes and watches) instead.
        /// </remarks>
        /// <param name="code">The code to classify.</param>
        /// <returns><see langword="true"/> for ConnectionLoss, OperationTimeout, SessionMoved,
        /// RequestTimeout and ThrottledOp.</returns>
        public static bool IsTransientCode(ErrorCode code)
        {
            switch (code)
            {
                case ErrorCode.ConnectionLoss:
                case ErrorCode.OperationTimeout:
                case ErrorCode.SessionMoved:
                case ErrorCode.RequestTimeout:
                case ErrorCode.ThrottledOp:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Creates the exception subclass that corresponds to <paramref name="code"/>.</summary>
        /// <param name="code">A non-zero server result code. Values the enum does not define
        /// produce an <see cref="UnknownErrorException"/>, so a newer server cannot crash the decoder.</param>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional human-readable context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        /// <returns>The exception; never <see langword="null"/>.</returns>
        /// <exception cref="ArgumentException"><paramref name="code"/> is <see cref="ErrorCode.Ok"/>.</exception>
        public static ZooKeeperException Create(ErrorCode code, string? path = null, string? detail = null, Exception? inner = null)
        {
            switch (code)
            {
                case ErrorCode.Ok:
                    throw new ArgumentException("ErrorCode.Ok does not describe an error.", nameof(code));
                case ErrorCode.SystemError: return new SystemErrorException(path, detail, inner);
                case ErrorCode.RuntimeInconsistency: return new RuntimeInconsistencyException(path, detail, inner);
                case ErrorCode.DataInconsistency: return new DataInconsistencyException(path, detail, inner);
                case ErrorCode.ConnectionLoss: return new ConnectionLossException(path, detail, inner);
                case ErrorCode.MarshallingError: return new MarshallingErrorException(path, detail, inner);
                case ErrorCode.Unimplemented: return new UnimplementedException(path, detail, inner);
                case ErrorCode.OperationTimeout: return new OperationTimeoutException(path, detail, inner);
                case ErrorCode.BadArguments: return new BadArgumentsException(path, detail, inner);
                case ErrorCode.UnknownSession: return new UnknownSessionException(path, detail, inner);
                case ErrorCode.NewConfigNoQuorum: return new NewConfigNoQuorumException(path, detail, inner);
                case ErrorCode.ReconfigInProgress: return new ReconfigInProgressException(path, detail, inner);
                case ErrorCode.ApiError: return new ApiErrorException(path, detail, inner);
                case ErrorCode.NoNode: return new NoNodeException(path, detail, inner);
                case ErrorCode.NoAuth: return new NoAuthException(path, detail, inner);
                case ErrorCode.BadVersion: return new BadVersionException(path, detail, inner);
                case ErrorCode.NoChildrenForEphemerals: return new NoChildrenForEphemeralsException(path, detail, inner);
                case ErrorCode.NodeExists: return new NodeExistsException(path, detail, inner);
                case ErrorCode.NotEmpty: return new NotEmptyException(path, detail, inner);
                case ErrorCode.SessionExpired: return new SessionExpiredException(path, detail, inner);
                case ErrorCode.InvalidCallback: return new InvalidCallbackException(path, detail, inner);
                case ErrorCode.InvalidAcl: return new InvalidAclException(path, detail, inner);
                case ErrorCode.AuthFailed: return new AuthFailedException(path, detail, inner);
                case ErrorCode.SessionMoved: return new SessionMovedException(path, detail, inner);
                case ErrorCode.NotReadOnly: return new NotReadOnlyException(path, detail, inner);
                case ErrorCode.EphemeralOnLocalSession: return new EphemeralOnLocalSessionException(path, detail, inner);
                case ErrorCode.NoWatcher: return new NoWatcherException(path, detail, inner);
                case ErrorCode.RequestTimeout: return new RequestTimeoutException(path, detail, inner);
                case ErrorCode.ReconfigDisabled: return new ReconfigDisabledException(path, detail, inner);
                case ErrorCode.SessionClosedRequireSaslAuth: return new SessionClosedRequireSaslAuthException(path, detail, inner);
                case ErrorCode.QuotaExceeded: return new QuotaExceededException(path, detail, inner);
                case ErrorCode.ThrottledOp: return new ThrottledOpException(path, detail, inner);
                default: return new UnknownErrorException((int)code, path, detail, inner);
            }
        }

        private static string FormatMessage(ErrorCode code, string? path, string? detail)
        {
            string name = Enum.IsDefined(typeof(ErrorCode), code)
                ? code.ToString()
                : "UnknownError(" + ((int)code).ToString(CultureInfo.InvariantCulture) + ")";
            string message = path is null ? name : name + ": " + path;
            return string.IsNullOrEmpty(detail) ? message : message + " (" + detail + ")";
        }
    }
}
