// Micro benchmarks of the client's per-request CPU path without I/O: encoding a getData request
// into a frame, decoding its reply, and both together with the PendingRequest that carries them.
//
//   dotnet run -c Release --project bench/PSZookeeper.Bench.Micro            # all
//   dotnet run -c Release --project bench/PSZookeeper.Bench.Micro -- --filter '*Decode*'

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using PSZookeeper.Client;
using PSZookeeper.Client.Io;
using PSZookeeper.Client.Jute;
using PSZookeeper.Client.Protocol;

namespace PSZookeeper.Bench.Micro
{
    [MemoryDiagnoser]
    public class GetDataCodec
    {
        // The shape the benchmark uses: a child of /bench-<client>-<pid>.
        private const string Path = "/bench-pszookeeper-123456/n12345";
        private JuteWriter _writer = null!;
        private byte[] _replyFrame = null!;
        private int _xid;

        [GlobalSetup]
        public void Setup()
        {
            _writer = new JuteWriter(64 * 1024);
            // A getData reply body as the server sends it (the frame without its length prefix):
            // ReplyHeader, then data (100 bytes) and Stat.
            using (var w = new JuteWriter(256))
            {
                new ReplyHeader(7, 0x1_0000_4e21L, 0).Write(w);
                w.WriteBuffer(new byte[100]);
                new Stat(0x1_0000_0010L, 0x1_0000_4e21L, 1_700_000_000_000L, 1_700_000_000_123L, 3, 0, 0, 0, 100, 0, 0x1_0000_0010L).Write(w);
                _replyFrame = w.ToArray();
            }
        }

        [GlobalCleanup]
        public void Cleanup() => _writer.Dispose();

        /// <summary>The request record and its frame (length, header, body) appended to the batch buffer, as the writer loop does.</summary>
        [Benchmark]
        public int EncodeGetDataRequest()
        {
            _writer.Reset();
            var record = new PathWatchRequest(Path, false);
            int lengthAt = _writer.ReserveInt();
            new RequestHeader(++_xid, OpCode.GetData).Write(_writer);
            record.Write(_writer);
            _writer.PatchInt(lengthAt, _writer.Length - lengthAt - 4);
            return _writer.Length;
        }

        /// <summary>Reply header and body decoded into the NodeData the caller gets, as the reader loop does.</summary>
        [Benchmark]
        public NodeData DecodeGetDataReply()
        {
            var reader = new JuteReader(_replyFrame);
            ReplyHeader header = ReplyHeader.Read(ref reader);
            NodeData result = Responses.GetData(ref reader);
            return header.Err == 0 ? result : null!;
        }

        /// <summary>
        /// The whole per-request path minus the socket: PendingRequest (with its task), encode,
        /// match the reply, decode, complete the task.
        /// </summary>
        [Benchmark]
        public NodeData RequestRoundTrip()
        {
            var request = new PendingRequest<NodeData>(OpCode.GetData, new PathWatchRequest(Path, false), Path, Responses.GetData);
            request.Xid = 7;
            _writer.Reset();
            int lengthAt = _writer.ReserveInt();
            new RequestHeader(request.Xid, request.Op).Write(_writer);
            request.Record!.Write(_writer);
            _writer.PatchInt(lengthAt, _writer.Length - lengthAt - 4);

            var reader = new JuteReader(_replyFrame);
            ReplyHeader header = ReplyHeader.Read(ref reader);
            request.Receive(ref reader, header);
            request.Publish();
            return request.Task.Result;
        }
    }

    public static class Program
    {
        public static void Main(string[] args)
        {
            // Artifacts (reports) go to bench/results/micro, which git ignores, unless --artifacts is given.
            if (System.Array.IndexOf(args, "--artifacts") < 0)
            {
                string? dir = System.AppContext.BaseDirectory;
                while (dir != null && !System.IO.File.Exists(System.IO.Path.Combine(dir, "PSZookeeper.sln")))
                {
                    dir = System.IO.Path.GetDirectoryName(dir.TrimEnd(System.IO.Path.DirectorySeparatorChar));
                }
                if (dir != null)
                {
                    args = [.. args, "--artifacts", System.IO.Path.Combine(dir, "bench", "results", "micro")];
                }
            }
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
