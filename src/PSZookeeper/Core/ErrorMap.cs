using System;
using System.Management.Automation;
using PSZookeeper.Client;
using PSZookeeper.Client.Errors;
using PSZookeeper.Core;
using PSZookeeper.Framework;

namespace PSZookeeper.Core
{
    /// <summary>Stable ErrorRecord ids and categories for the exceptions the client throws.</summary>
    internal static class ErrorMap
    {
        /// <summary>The stable error id for an exception: the ZooKeeper code name (NoNode, NodeExists, ...).</summary>
        public static string IdFor(Exception ex)
        {
            switch (ex)
            {
                case ZooKeeperException zk:
                    return Enum.IsDefined(typeof(ErrorCode), zk.Code) ? zk.Code.ToString() : "UnknownError";
                case MayHaveBeenAppliedException _:
                    return "MayHaveBeenApplied";
                case SessionLostException lost:
                    return lost.Reason == ConnectionChange.AuthFailed ? "AuthFailed" : "Session" + lost.Reason;
                case InvalidPathException _:
                    return "InvalidPath";
                case DataTooLargeException _:
                    return "DataTooLarge";
                case TimeoutException _:
                    return "Timeout";
                case ObjectDisposedException _:
                    return "SessionClosed";
                case ArgumentException _:
                    return "InvalidArgument";
                default:
                    return ex.GetType().Name.Replace("Exception", string.Empty);
            }
        }

        /// <summary>The ErrorCategory for an exception.</summary>
        public static ErrorCategory CategoryFor(Exception ex)
        {
            if (ex is ZooKeeperException zk)
            {
                switch (zk.Code)
                {
                    case ErrorCode.NoNode:
                        return ErrorCategory.ObjectNotFound;
                    case ErrorCode.NodeExists:
                        return ErrorCategory.ResourceExists;
                    case ErrorCode.NoAuth:
                        return ErrorCategory.PermissionDenied;
                    case ErrorCode.AuthFailed:
                        return ErrorCategory.AuthenticationError;
                    case ErrorCode.BadVersion:
                    case ErrorCode.NotEmpty:
                    case ErrorCode.NoChildrenForEphemerals:
                        return ErrorCategory.InvalidOperation;
                    case ErrorCode.InvalidAcl:
                    case ErrorCode.BadArguments:
                        return ErrorCategory.InvalidArgument;
                    case ErrorCode.ConnectionLoss:
                    case ErrorCode.SessionExpired:
                    case ErrorCode.SessionMoved:
                        return ErrorCategory.ConnectionError;
                    case ErrorCode.OperationTimeout:
                    case ErrorCode.RequestTimeout:
                        return ErrorCategory.OperationTimeout;
                    case ErrorCode.NoWatcher:
                        return ErrorCategory.ObjectNotFound;
                    case ErrorCode.QuotaExceeded:
                    case ErrorCode.ThrottledOp:
                        return ErrorCategory.LimitsExceeded;
                    case ErrorCode.Unimplemented:
                        return ErrorCategory.NotImplemented;
                    default:
                        return ErrorCategory.ProtocolError;
                }
            }
            switch (ex)
            {
                case MayHaveBeenAppliedException _:
                    return ErrorCategory.ConnectionError;
                case SessionLostException lost:
                    return lost.Reason == ConnectionChange.AuthFailed ? ErrorCategory.AuthenticationError : ErrorCategory.ConnectionError;
                case DataTooLargeException _:
                    return ErrorCategory.LimitsExceeded;
                case ArgumentException _:
                    return ErrorCategory.InvalidArgument;
                case TimeoutException _:
                    return ErrorCategory.OperationTimeout;
                case ObjectDisposedException _:
                    return ErrorCategory.ConnectionError;
                case ProtocolException _:
                    return ErrorCategory.ProtocolError;
                case InvalidOperationException _:
                    return ErrorCategory.InvalidOperation;
                default:
                    return ErrorCategory.NotSpecified;
            }
        }

        /// <summary>An ErrorRecord for an exception, with its stable id and category.</summary>
        public static ErrorRecord ToRecord(Exception ex, object? target) => new ErrorRecord(ex, IdFor(ex), CategoryFor(ex), target);
    }
}
