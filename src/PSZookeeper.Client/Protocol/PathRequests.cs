using PSZookeeper.Client.Jute;

namespace PSZookeeper.Client.Protocol
{
    /// <summary>
    /// The (path) record shape: GetACLRequest, SyncRequest, GetEphemeralsRequest,
    /// GetAllChildrenNumberRequest. One type serves them all because their wire form is identical.
    /// </summary>
    internal sealed class PathRequest : IRequestRecord
    {
        public PathRequest(string? path) => Path = path;

        public string? Path { get; }

        public void Write(JuteWriter w) => w.WriteString(Path);
    }

    /// <summary>
    /// The (path, bool watch) shape: ExistsRequest, GetDataRequest, GetChildrenRequest, GetChildren2Request.
    /// </summary>
    internal sealed class PathWatchRequest : IRequestRecord
    {
        public PathWatchRequest(string? path, bool watch)
        {
            Path = path;
            Watch = watch;
        }

        public string? Path { get; }
        public bool Watch { get; }

        public void Write(JuteWriter w) => Write(w, Path, Watch);

        /// <summary>The record's wire form; reads that are their own record (ReadRequest) write it through here too.</summary>
        public static void Write(JuteWriter w, string? path, bool watch)
        {
            w.WriteString(path);
            w.WriteBool(watch);
        }
    }

    /// <summary>
    /// The (path, int) shape: DeleteRequest and CheckVersionRequest (version), AddWatchRequest (mode),
    /// RemoveWatchesRequest and CheckWatchesRequest (watcher type).
    /// </summary>
    internal sealed class PathIntRequest : IRequestRecord
    {
        public PathIntRequest(string? path, int value)
        {
            Path = path;
            Value = value;
        }

        public string? Path { get; }
        public int Value { get; }

        public void Write(JuteWriter w)
        {
            w.WriteString(Path);
            w.WriteInt(Value);
        }
    }
}
