using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using PSZookeeper.Client;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// Base of the znode cmdlets: the -Session parameter ($zkclient piped in), the current
    /// session, blocking on client tasks with Ctrl+C support, and ErrorRecords with stable ids.
    /// </summary>
    public abstract class ZKCmdlet : PSCmdlet, ITreeHost
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private TreeProgress? _progress;

        /// <summary>The session to use; the current session when omitted. Takes $zkclient from the pipeline.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ZKClient", "Client")]
        public ZKSession? Session { get; set; }

        /// <summary>Cancelled when the pipeline stops (Ctrl+C).</summary>
        protected CancellationToken StopToken => _stopping.Token;

        protected SessionRegistry Registry => SessionRegistry.For(Runspace.DefaultRunspace);

        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>The -Session given, or the current session; a terminating error when there is none.</summary>
        protected ZKSession ResolveSession() => ResolveSession(this, Session);

        internal static ZKSession ResolveSession(PSCmdlet cmdlet, ZKSession? given)
        {
            ZKSession? session = given ?? SessionRegistry.For(Runspace.DefaultRunspace).Current;
            if (session == null)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("There is no ZooKeeper session: run Connect-Zookeeper first, or pass -Session."),
                    "NoSession", ErrorCategory.ConnectionError, null));
            }
            if (session!.IsTerminal)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"ZooKeeper session '{session.Name}' is {session.State}; connect again."),
                    "SessionNotOpen", ErrorCategory.ConnectionError, session));
            }
            return session;
        }

        protected ZooKeeperClient Client => ResolveSession().Client;

        /// <summary>Waits for a client task; Ctrl+C stops the pipeline.</summary>
        protected T Await<T>(Task<T> task)
        {
            Await((Task)task);
            return task.Result;
        }

        /// <summary>Waits for a client task; Ctrl+C stops the pipeline.</summary>
        protected void Await(Task task) => AwaitStoppable(task, StopToken);

        /// <summary>
        /// Blocks the pipeline thread on a task; when <paramref name="stop"/> (Ctrl+C) ends the wait,
        /// the pipeline stops. Shared by every cmdlet base class.
        /// </summary>
        internal static void AwaitStoppable(Task task, CancellationToken stop)
        {
            try
            {
                TaskWaiter.Wait(task, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        CancellationToken ITreeHost.StopToken => StopToken;

        T ITreeHost.Await<T>(Task<T> task) => Await(task);

        void ITreeHost.Progress(string activity, string status, int done, int total) =>
            (_progress ?? (_progress = new TreeProgress(WriteProgress))).Report(activity, status, done, total);

        void ITreeHost.Warning(string text) => WriteWarning(text);

        /// <summary>Writes a non-terminating error with the exception's stable id and category.</summary>
        protected void WriteZKError(Exception ex, object? target) => WriteError(ErrorMap.ToRecord(ex, target));

        /// <summary>Runs one step; a failure becomes a non-terminating error, Ctrl+C still stops.</summary>
        protected bool Try(Action step, object? target)
        {
            try
            {
                step();
                return true;
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && !(ex is PSInvalidOperationException))
            {
                WriteZKError(ex, target);
                return false;
            }
        }

        /// <summary>A node object from a read or create, data decoded in the requested format.</summary>
        protected ZKNode ToNode(string path, byte[]? data, Stat stat, ZKSession session, DataFormat format) =>
            new ZKNode(path, data, DecodeSafely(data, format), stat, session);

        /// <summary>Encodes a value for a znode (text, bytes, or JSON via ConvertTo-Json).</summary>
        protected byte[]? Encode(object? value, bool asJson, int depth = 10) =>
            DataCodec.Encode(value, asJson, v => PSJson.ToJson(this, v, depth));

        internal byte[]? EncodeValue(object? value, bool asJson) => Encode(value, asJson);

        internal T AwaitTask<T>(Task<T> task) => Await(task);

        internal CancellationToken StopTokenInternal => StopToken;

        protected static DataFormat FormatOf(bool asByteArray, bool asJson) =>
            asByteArray ? DataFormat.Bytes : asJson ? DataFormat.Json : DataFormat.Text;

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
