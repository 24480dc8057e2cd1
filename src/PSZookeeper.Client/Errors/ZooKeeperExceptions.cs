using System;

// One class per server code so callers can catch exactly the outcome they handle
// (e.g. NodeExistsException in an idempotent create) instead of testing Code.
namespace PSZookeeper.Client.Errors
{
    /// <summary>Thrown when a system or server-side error occurred (<see cref="ErrorCode.SystemError"/>).</summary>
    public sealed class SystemErrorException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public SystemErrorException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.SystemError, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the server found a runtime inconsistency (<see cref="ErrorCode.RuntimeInconsistency"/>).</summary>
    public sealed class RuntimeInconsistencyException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public RuntimeInconsistencyException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.RuntimeInconsistency, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the server found a data inconsistency (<see cref="ErrorCode.DataInconsistency"/>).</summary>
    public sealed class DataInconsistencyException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public DataInconsistencyException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.DataInconsistency, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the connection was lost before the reply arrived, so the operation may or may not have been applied (<see cref="ErrorCode.ConnectionLoss"/>).</summary>
    public sealed class ConnectionLossException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public ConnectionLossException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.ConnectionLoss, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when a request or reply could not be serialized or deserialized (<see cref="ErrorCode.MarshallingError"/>).</summary>
    public sealed class MarshallingErrorException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public MarshallingErrorException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.MarshallingError, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the server does not implement the operation (<see cref="ErrorCode.Unimplemented"/>).</summary>
    public sealed class UnimplementedException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public UnimplementedException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.Unimplemented, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the operation timed out (<see cref="ErrorCode.OperationTimeout"/>).</summary>
    public sealed class OperationTimeoutException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public OperationTimeoutException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.OperationTimeout, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the request carried invalid arguments (<see cref="ErrorCode.BadArguments"/>).</summary>
    public sealed class BadArgumentsException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public BadArgumentsException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.BadArguments, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the session is unknown to the server (<see cref="ErrorCode.UnknownSession"/>).</summary>
    public sealed class UnknownSessionException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public UnknownSessionException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.UnknownSession, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when a reconfiguration was rejected because the new configuration has no quorum (<see cref="ErrorCode.NewConfigNoQuorum"/>).</summary>
    public sealed class NewConfigNoQuorumException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public NewConfigNoQuorumException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.NewConfigNoQuorum, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when another reconfiguration is already in progress (<see cref="ErrorCode.ReconfigInProgress"/>).</summary>
    public sealed class ReconfigInProgressException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public ReconfigInProgressException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.ReconfigInProgress, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the server reported the generic API error code (<see cref="ErrorCode.ApiError"/>).</summary>
    public sealed class ApiErrorException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public ApiErrorException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.ApiError, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the node does not exist (<see cref="ErrorCode.NoNode"/>).</summary>
    public sealed class NoNodeException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public NoNodeException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.NoNode, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the session is not authorized for the operation (<see cref="ErrorCode.NoAuth"/>).</summary>
    public sealed class NoAuthException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public NoAuthException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.NoAuth, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the expected version does not match the node's version (<see cref="ErrorCode.BadVersion"/>).</summary>
    public sealed class BadVersionException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public BadVersionException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.BadVersion, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when a child was to be created under an ephemeral node (<see cref="ErrorCode.NoChildrenForEphemerals"/>).</summary>
    public sealed class NoChildrenForEphemeralsException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public NoChildrenForEphemeralsException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.NoChildrenForEphemerals, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the node already exists (<see cref="ErrorCode.NodeExists"/>).</summary>
    public sealed class NodeExistsException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public NodeExistsException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.NodeExists, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the node has children and cannot be deleted (<see cref="ErrorCode.NotEmpty"/>).</summary>
    public sealed class NotEmptyException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public NotEmptyException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.NotEmpty, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the session has expired, taking its ephemeral nodes and watches with it (<see cref="ErrorCode.SessionExpired"/>).</summary>
    public sealed class SessionExpiredException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public SessionExpiredException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.SessionExpired, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when an invalid callback was specified (<see cref="ErrorCode.InvalidCallback"/>).</summary>
    public sealed class InvalidCallbackException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public InvalidCallbackException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.InvalidCallback, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the ACL is invalid (<see cref="ErrorCode.InvalidAcl"/>).</summary>
    public sealed class InvalidAclException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public InvalidAclException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.InvalidAcl, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when client authentication failed (<see cref="ErrorCode.AuthFailed"/>).</summary>
    public sealed class AuthFailedException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public AuthFailedException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.AuthFailed, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the session moved to another server (<see cref="ErrorCode.SessionMoved"/>).</summary>
    public sealed class SessionMovedException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public SessionMovedException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.SessionMoved, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when a state-changing request was sent to a read-only server (<see cref="ErrorCode.NotReadOnly"/>).</summary>
    public sealed class NotReadOnlyException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public NotReadOnlyException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.NotReadOnly, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when an ephemeral node was requested on a local session (<see cref="ErrorCode.EphemeralOnLocalSession"/>).</summary>
    public sealed class EphemeralOnLocalSessionException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public EphemeralOnLocalSessionException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.EphemeralOnLocalSession, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the watcher to remove or check does not exist (<see cref="ErrorCode.NoWatcher"/>).</summary>
    public sealed class NoWatcherException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public NoWatcherException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.NoWatcher, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the request did not complete within the server's request timeout (<see cref="ErrorCode.RequestTimeout"/>).</summary>
    public sealed class RequestTimeoutException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public RequestTimeoutException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.RequestTimeout, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when dynamic reconfiguration is disabled on the server (<see cref="ErrorCode.ReconfigDisabled"/>).</summary>
    public sealed class ReconfigDisabledException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public ReconfigDisabledException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.ReconfigDisabled, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the server closed the session because it requires SASL authentication (<see cref="ErrorCode.SessionClosedRequireSaslAuth"/>).</summary>
    public sealed class SessionClosedRequireSaslAuthException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public SessionClosedRequireSaslAuthException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.SessionClosedRequireSaslAuth, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when a hard quota was exceeded (<see cref="ErrorCode.QuotaExceeded"/>).</summary>
    public sealed class QuotaExceededException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public QuotaExceededException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.QuotaExceeded, path, detail, inner)
        {
        }
    }

    /// <summary>Thrown when the server is throttling requests (<see cref="ErrorCode.ThrottledOp"/>).</summary>
    public sealed class ThrottledOpException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public ThrottledOpException(string? path = null, string? detail = null, Exception? inner = null)
            : base(ErrorCode.ThrottledOp, path, detail, inner)
        {
        }
    }

    /// <summary>
    /// Thrown for a result code this client does not know, e.g. one added by a newer server.
    /// </summary>
    public sealed class UnknownErrorException : ZooKeeperException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="rawCode">The result code exactly as received.</param>
        /// <param name="path">The client-visible path the operation addressed, if any.</param>
        /// <param name="detail">Additional context, if any.</param>
        /// <param name="inner">The underlying failure, if any.</param>
        public UnknownErrorException(int rawCode, string? path = null, string? detail = null, Exception? inner = null)
            : base((ErrorCode)rawCode, path, detail, inner)
        {
            RawCode = rawCode;
        }

        /// <summary>The result code exactly as received.</summary>
        public int RawCode { get; }
    }
}
