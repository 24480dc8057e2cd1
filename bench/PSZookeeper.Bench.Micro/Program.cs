// Micro benchmarks of the client's per-request CPU path without I/O: encoding a getData request
// into a frame, decoding its reply, and both together with the PendingRequest that carries them;
// the same for a multi of 10 creates, the peer benchmark's transaction.
//
//   dotnet run -c Release --project bench/PSZookeeper.Bench.Micro            # all
//   dotnet run -c Release --project bench/PSZookeeper.Bench.Micro -- --filter '*Decode*'

using System.Collections.Generic;
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
            Frames.AppendRequest(_writer, ++_xid, OpCode.GetData, new PathWatchRequest(Path, false));
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
        /// The whole per-request path minus the socket: the request (which is its caller's task), encode,
        /// match the reply, decode, complete the task.
        /// </summary>
        [Benchmark]
        public NodeData RequestRoundTrip()
        {
            var request = new ReadRequest<NodeData>(OpCode.GetData, Path, false, Path, Responses.GetData);
            request.Xid = 7;
            _writer.Reset();
            Frames.AppendRequest(_writer, request.Xid, request.Op, request.Record);

            var reader = new JuteReader(_replyFrame);
            ReplyHeader header = ReplyHeader.Read(ref reader);
            request.Receive(ref reader, header);
            request.Publish();
            return request.Result;
        }
    }

    [MemoryDiagnoser]
    public class MultiCodec
    {
        // The peer benchmark's transaction: 10 creates of 100 bytes, open ACL, persistent.
        private const int Size = 10;
        private readonly byte[] _data = new byte[100];
        private JuteWriter _writer = null!;
        private List<Op> _ops = null!;
        private byte[] _replyFrame = null!;

        [GlobalSetup]
        public void Setup()
        {
            _writer = new JuteWriter(64 * 1024);
            _ops = new List<Op>(Size);
            for (int i = 0; i < Size; i++)
            {
                _ops.Add(Op.Create("/bench-pszookeeper-123456/n" + (12340 + i), _data, Ids.OpenAclUnsafe));
            }
            // The reply: per op a MultiHeader (create, not done, err 0) and the created path; then the terminator.
            using (var w = new JuteWriter(1024))
            {
                new ReplyHeader(7, 0x1_0000_4e21L, 0).Write(w);
                for (int i = 0; i < Size; i++)
                {
                    new MultiHeader((int)OpCode.Create, false, 0).Write(w);
                    w.WriteString(_ops[i].Path);
                }
                MultiHeader.Terminator.Write(w);
                _replyFrame = w.ToArray();
            }
        }

        [GlobalCleanup]
        public void Cleanup() => _writer.Dispose();

        /// <summary>The multi request as the client builds it from the ops and the writer loop frames it.</summary>
        [Benchmark]
        public int EncodeMulti()
        {
            _writer.Reset();
            Frames.AppendRequest(_writer, 7, OpCode.Multi, MultiRequest.For(_ops, chroot: null));
            return _writer.Length;
        }

        /// <summary>The reply decoded into the results the caller gets.</summary>
        [Benchmark]
        public IReadOnlyList<OpResult> DecodeMultiReply()
        {
            var reader = new JuteReader(_replyFrame);
            ReplyHeader.Read(ref reader);
            return MultiResponse.Read(ref reader, Size);
        }
    }

    /// <summary>
    /// Bytes allocated per call, counted exactly on the calling thread (no BenchmarkDotNet run):
    /// a getData's decoded result alone, and its whole request path; the difference is what the
    /// client allocates beyond the result.
    /// </summary>
    internal static class AllocationCount
    {
        public static void Print()
        {
            var getData = new GetDataCodec();
            getData.Setup();
            long result = PerCall(() => getData.DecodeGetDataReply());
            long request = PerCall(() => getData.RequestRoundTrip());
            System.Console.WriteLine($"getData result (NodeData, data, Stat): {result} B/op");
            System.Console.WriteLine($"getData request path:                  {request} B/op ({request - result} B beyond the result)");
            getData.Cleanup();
        }

        private static long PerCall(System.Action call)
        {
            const int Calls = 10_000;
            for (int i = 0; i < Calls; i++)
            {
                call();
            }
            long before = System.GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Calls; i++)
            {
                call();
            }
            return (System.GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
        }
    }

    public static class Program
    {
        public static void Main(string[] args)
        {
            if (args.Length == 1 && args[0] == "--alloc")
            {
                AllocationCount.Print();
                return;
            }
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
