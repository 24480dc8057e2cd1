namespace PSZookeeper.Client.Protocol
{
    /// <summary>Request type codes (ZooDefs.OpCode).</summary>
    internal enum OpCode
    {
        Notification = 0,
        Create = 1,
        Delete = 2,
        Exists = 3,
        GetData = 4,
        SetData = 5,
        GetAcl = 6,
        SetAcl = 7,
        GetChildren = 8,
        Sync = 9,
        Ping = 11,
        GetChildren2 = 12,
        Check = 13,
        Multi = 14,
        Create2 = 15,
        Reconfig = 16,
        CheckWatches = 17,
        RemoveWatches = 18,
        CreateContainer = 19,
        DeleteContainer = 20,
        CreateTtl = 21,
        MultiRead = 22,
        Auth = 100,
        SetWatches = 101,
        Sasl = 102,
        GetEphemerals = 103,
        GetAllChildrenNumber = 104,
        SetWatches2 = 105,
        AddWatch = 106,
        WhoAmI = 107,
        CreateSession = -10,
        CloseSession = -11,
        Error = -1,
    }

    /// <summary>Xids with a fixed meaning; replies to them are not matched against the FIFO of requests.</summary>
    internal static class SpecialXid
    {
        public const int Notification = -1;
        public const int Ping = -2;
        public const int Auth = -4;
        public const int SetWatches = -8;
    }
}
