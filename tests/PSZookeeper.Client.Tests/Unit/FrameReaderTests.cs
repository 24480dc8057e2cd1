using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Io;
using Xunit;

namespace PSZookeeper.Client.Tests.Unit
{
    /// <summary>
    /// The reader starts with a small buffer and grows it while reads keep filling it: every frame
    /// must come out whole whatever the sizes of the frames and of the reads.
    /// </summary>
    public class FrameReaderTests
    {
        [Theory]
        [InlineData(1)]        // the stream hands over a byte at a time
        [InlineData(1000)]     // reads smaller than the first buffer
        [InlineData(5000)]     // reads that fill the first buffer, so it grows
        [InlineData(1 << 20)]  // everything at once: every read fills the buffer
        public void EveryFrameComesOutWholeWhateverTheReadSizes(int largestRead)
        {
            int[] sizes = { 0, 1, 4, 100, 4091, 4092, 4096, 5000, 40000, 65532, 65536, 70000, 200000, 3, 8 };
            var frames = new List<byte[]>();
            var wire = new MemoryStream();
            var random = new Random(7);
            foreach (int size in sizes)
            {
                var body = new byte[size];
                random.NextBytes(body);
                frames.Add(body);
                var length = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(length, size);
                wire.Write(length, 0, 4);
                wire.Write(body, 0, size);
            }
            var reader = new FrameReader(new ChunkedStream(wire.ToArray(), largestRead, random), maxFrameLength: 1 << 20);

            foreach (byte[] expected in frames)
            {
                Assert.Equal(expected, reader.ReadFrame().ToArray());
            }
            var end = Assert.Throws<EndOfStreamException>(() => reader.ReadFrame());
            Assert.Equal("The server closed the connection.", end.Message);
        }

        [Fact]
        public void ALengthPastTheLimitIsRefusedBeforeItsBodyArrives()
        {
            var wire = new byte[8];
            BinaryPrimitives.WriteInt32BigEndian(wire, 1001);
            var reader = new FrameReader(new ChunkedStream(wire, 8, new Random(1)), maxFrameLength: 1000);

            var refused = Assert.Throws<ProtocolException>(() => reader.ReadFrame());
            Assert.Equal("Malformed frame: length 1001 is outside 0..1000.", refused.Message);
        }

        /// <summary>Hands over its bytes in reads of a random size up to a limit, then reports the end.</summary>
        private sealed class ChunkedStream : Stream
        {
            private readonly byte[] _bytes;
            private readonly int _largestRead;
            private readonly Random _random;
            private int _position;

            public ChunkedStream(byte[] bytes, int largestRead, Random random)
            {
                _bytes = bytes;
                _largestRead = largestRead;
                _random = random;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                int size = Math.Min(Math.Min(count, _bytes.Length - _position), 1 + _random.Next(_largestRead));
                Buffer.BlockCopy(_bytes, _position, buffer, offset, size);
                _position += size;
                return size;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
