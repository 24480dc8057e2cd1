namespace PSZookeeper.Client.Errors
{
    /// <summary>
    /// Result codes returned by a ZooKeeper 3.8 server in a reply header (KeeperException.Code).
    /// </summary>
    /// <remarks>
    /// The numeric values are part of the wire protocol and must never change. Codes -9 to -11,
    /// -104 to -107, -109, -116, -117 and -126 are unused by the server.
    /// </remarks>
    public enum ErrorCode : int
    {
        /// <summary>The operation succeeded.</summary>
        Ok = 0,

        /// <summary>A system or server-side error occurred.</summary>
        SystemError = -1,

        /// <summary>The server found a runtime inconsistency.</summary>
        RuntimeInconsistency = -2,

        /// <summary>The server found a data inconsistency.</summary>
        DataInconsistency = -3,

        /// <summary>The connection to the server was lost; the outcome of the operation is unknown.</summary>
        ConnectionLoss = -4,

        /// <summary>A request or response could not be serialized or deserialized.</summary>
        MarshallingError = -5,

        /// <summary>The operation is not implemented by the server.</summary>
        Unimplemented = -6,

        /// <summary>The operation timed out.</summary>
        OperationTimeout = -7,

        /// <summary>The request carried invalid arguments.</summary>
        BadArguments = -8,

        /// <summary>The session is unknown to the server.</summary>
        UnknownSession = -12,

        /// <summary>A reconfiguration was rejected because the new configuration has no quorum.</summary>
        NewConfigNoQuorum = -13,

        /// <summary>Another reconfiguration is already in progress.</summary>
        ReconfigInProgress = -14,

        /// <summary>Generic API error; the server uses the more specific codes below it.</summary>
        ApiError = -100,

        /// <summary>The node does not exist.</summary>
        NoNode = -101,

        /// <summary>The session is not authorized for the operation.</summary>
        NoAuth = -102,

        /// <summary>The expected version does not match the node's version.</summary>
        BadVersion = -103,

        /// <summary>Ephemeral nodes cannot have children.</summary>
        NoChildrenForEphemerals = -108,

        /// <summary>The node already exists.</summary>
        NodeExists = -110,

        /// <summary>The node has children and cannot be deleted.</summary>
        NotEmpty = -111,

        /// <summary>The session has expired; ephemeral nodes and watches of the session are gone.</summary>
        SessionExpired = -112,

        /// <summary>An invalid callback was specified.</summary>
        InvalidCallback = -113,

        /// <summary>The ACL is invalid.</summary>
        InvalidAcl = -114,

        /// <summary>Client authentication failed.</summary>
        AuthFailed = -115,

        /// <summary>The session moved to another server, so this server refuses the operation.</summary>
        SessionMoved = -118,

        /// <summary>A state-changing request was sent to a read-only server.</summary>
        NotReadOnly = -119,

        /// <summary>An ephemeral node was requested on a local session.</summary>
        EphemeralOnLocalSession = -120,

        /// <summary>The watcher to remove or check does not exist.</summary>
        NoWatcher = -121,

        /// <summary>The request did not complete within the server's request timeout.</summary>
        RequestTimeout = -122,

        /// <summary>Dynamic reconfiguration is disabled on the server.</summary>
        ReconfigDisabled = -123,

        /// <summary>The session was closed because the server requires SASL authentication.</summary>
        SessionClosedRequireSaslAuth = -124,

        /// <summary>A hard quota was exceeded.</summary>
        QuotaExceeded = -125,

        /// <summary>The server is throttling requests.</summary>
        ThrottledOp = -127,
    }
}
