using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;
using PSZookeeper.Core;
using PSZookeeper.Core.Trees;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// Base of the cmdlets that work on a session: the -Session parameter ($zkclient piped in, or
    /// the Session of a piped node), and reading and writing znode data.
    /// </summary>
    public abstract class ZKCmdlet : ZKCmdletBase, ITreeHost
    {
        private TreeProgress? _progress;

        /// <summary>The session to use; the current session when omitted. Takes $zkclient, or a piped object's Session, from the pipeline.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ZKClient", "Client")]
        public ZKSession? Session { get; set; }

        /// <summary>The -Session given, or the current session; a terminating error when there is none.</summary>
        protected ZKSession ResolveSession() => ResolveSession(Session);

        protected ZooKeeperClient Client => ResolveSession().Client;

        /// <summary>A node object from a read or create, data decoded in the requested format.</summary>
        private protected ZKNode ToNode(string path, byte[]? data, Stat stat, ZKSession session, DataFormat format) =>
            new ZKNode(path, data, DecodeSafely(data, format), stat, session);

        /// <summary>
        /// Encodes a value for a znode (text, bytes, or JSON via ConvertTo-Json). PowerShell binds a
        /// piped object to every parameter that takes pipeline input, so a session or a node piped
        /// for -Session or -Path also reaches the data parameter: neither is ever data.
        /// </summary>
        protected internal byte[]? Encode(object? value, bool asJson, int depth = 10)
        {
            object? unwrapped = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (unwrapped is ZKSession || unwrapped is ZKNode)
            {
                return null;
            }
            return DataCodec.Encode(value, asJson, v => PSJson.ToJson(this, v, depth));
        }

        private protected static DataFormat FormatOf(bool asByteArray, bool asJson) =>
            asByteArray ? DataFormat.Bytes : asJson ? DataFormat.Json : DataFormat.Text;

        CancellationToken ITreeHost.StopToken => StopToken;

        T ITreeHost.Await<T>(Task<T> task) => Await(task);

        void ITreeHost.Progress(string activity, string status, int done, int total) =>
            (_progress ?? (_progress = new TreeProgress(WriteProgress))).Report(activity, status, done, total);

        void ITreeHost.Warning(string text) => WriteWarning(text);

        private object? DecodeSafely(byte[]? data, DataFormat format)
        {
            if (format != DataFormat.Json)
            {
                return DataCodec.Decode(data, format, null);
            }
            try
            {
                return DataCodec.Decode(data, format, json => PSJson.FromJson(this, json));
            }
            catch (RuntimeException ex)
            {
                WriteWarning("The data is not JSON (" + ex.Message + "); returning it as text.");
                return DataCodec.DecodeText(data);
            }
        }
    }
}
