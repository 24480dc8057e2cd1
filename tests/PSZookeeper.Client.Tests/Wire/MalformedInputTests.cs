using System;
using System.Collections.Generic;
using System.Linq;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Jute;
using PSZookeeper.Client.Protocol;
using Xunit;

namespace PSZookeeper.Client.Tests.Wire
{
    /// <summary>
    /// Hostile or corrupt input must raise <see cref="ProtocolException"/>: never an index or
    /// argument exception, and never a huge allocation driven by a length on the wire.
    /// </summary>
    public sealed class MalformedInputTests
    {
        private delegate void ReadAction(ref JuteReader reader);

        /// <summary>Readers of length-prefixed values, by name (for theory rows).</summary>
        private static readonly Dictionary<string, ReadAction> LengthReaders = new Dictionary<string, ReadAction>
        {
            ["string"] = (ref JuteReader r) => r.ReadString(),
            ["buffer"] = (ref JuteReader r) => r.ReadBuffer(),
            ["string vector"] = (ref JuteReader r) => r.ReadStringList(),
            ["vector count"] = (ref JuteReader r) => r.ReadVectorCount("test vector", 1),
            ["ACL vector"] = (ref JuteReader r) => Acl.ReadList(ref r),
            ["children (StringList parser)"] = (ref JuteReader r) => Responses.StringList(ref r),
            ["WhoAmI parser"] = (ref JuteReader r) => Responses.WhoAmI(ref r),
            ["GetACL parser"] = (ref JuteReader r) => Responses.GetAcl(ref r),
            ["GetData parser"] = (ref JuteReader r) => Responses.GetData(ref r),
            ["Create path parser"] = (ref JuteReader r) => Responses.Path(ref r),
            ["WatcherEvent path"] = (ref JuteReader r) => WatcherEvent.Read(ref r),
            ["ConnectResponse passwd"] = (ref JuteReader r) => ConnectResponse.Read(ref r),
        };

        public static IEnumerable<object[]> LengthReaderNames => LengthReaders.Keys.Select(k => new object[] { k });

        public static IEnumerable<object[]> NegativeLengthRows =>
            from name in LengthReaders.Keys
            from length in new[] { -2, -100, int.MinValue, unchecked((int)0x80000001) }
            select new object[] { name, length };

        public static IEnumerable<object[]> OversizedLengthRows =>
            from name in LengthReaders.Keys
            from length in new[] { 5, 1000, 0x00ffffff, int.MaxValue }
            select new object[] { name, length };

        [Theory]
        [MemberData(nameof(NegativeLengthRows))]
        public void NegativeLengthOtherThanMinusOneIsRejected(string reader, int length)
        {
            // The length, then a few bytes so that only the sign can be the problem.
            byte[] bytes = Prefixed(reader, Be32(length).Concat(new byte[8]).ToArray());
            ProtocolException ex = Rejects(bytes, LengthReaders[reader]);
            Assert.Contains("negative", ex.Message);
        }

        [Theory]
        [MemberData(nameof(OversizedLengthRows))]
        public void LengthLargerThanWhatIsLeftIsRejected(string reader, int length)
        {
            // Four bytes follow the length: every length above is larger than that
            // (for vectors, larger than what their elements could fit in).
            byte[] bytes = Prefixed(reader, Be32(length).Concat(new byte[4]).ToArray());
            Rejects(bytes, LengthReaders[reader]);
        }

        [Theory]
        [MemberData(nameof(LengthReaderNames))]
        public void MinusOneIsNullNotAnError(string reader)
        {
            // -1 is the wire form of null and must stay accepted (the parsers may map it to empty),
            // followed by enough zero bytes for whatever comes after it in the record.
            byte[] bytes = Prefixed(reader, Be32(-1).Concat(new byte[200]).ToArray());
            var r = new JuteReader(bytes);
            LengthReaders[reader](ref r);
        }

        [Fact]
        public void NullAndEmptyDecodeDifferently()
        {
            var r = new JuteReader(Convert.FromHexString("ffffffff00000000ffffffff00000000ffffffff00000000"));
            Assert.Null(r.ReadString());
            Assert.Equal(string.Empty, r.ReadString());
            Assert.Null(r.ReadBuffer());
            Assert.Empty(r.ReadBuffer()!);
            Assert.Null(r.ReadStringList());
            Assert.Empty(r.ReadStringList()!);
            Assert.Equal(0, r.Remaining);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void TruncatedIntIsRejected(int available)
        {
            Rejects(new byte[available], (ref JuteReader r) => r.ReadInt());
            // Also when a length prefix itself is cut.
            Rejects(new byte[available], (ref JuteReader r) => r.ReadString());
            Rejects(new byte[available], (ref JuteReader r) => r.ReadBuffer());
            Rejects(new byte[available], (ref JuteReader r) => r.ReadStringList());
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(4)]
        [InlineData(7)]
        public void TruncatedLongIsRejected(int available)
        {
            Rejects(new byte[available], (ref JuteReader r) => r.ReadLong());
        }

        [Fact]
        public void TruncatedBoolIsRejected()
        {
            Rejects(new byte[0], (ref JuteReader r) => r.ReadBool());
            var r2 = new JuteReader(new byte[] { 1 });
            Assert.True(r2.ReadBool());
            Assert.Equal(0, r2.Remaining);
        }

        [Fact]
        public void ReadingPastTheEndAfterValidDataIsRejected()
        {
            // A string whose bytes end exactly at the end, then one more read.
            byte[] bytes = Convert.FromHexString("0000000161");
            Rejects(bytes, (ref JuteReader r) =>
            {
                Assert.Equal("a", r.ReadString());
                r.ReadInt();
            });
        }

        [Theory]
        [MemberData(nameof(LengthReaderNames))]
        public void HugeVectorCountWithFourBytesLeftThrowsWithoutAllocating(string reader)
        {
            byte[] bytes = Prefixed(reader, Be32(int.MaxValue).Concat(new byte[4]).ToArray());
            ReadAction read = LengthReaders[reader];
            // Warm up (JIT, statics) so only the decode itself is measured.
            Rejects(bytes, read);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Rejects(bytes, read);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // An exception costs a few KB; a list sized from the count would cost >= 8 GB (or OOM).
            Assert.True(allocated < 256 * 1024, $"{reader}: decoding allocated {allocated} bytes");
        }

        [Fact]
        public void MultiResponseWithoutTerminatorIsRejected()
        {
            // One delete result (header only), then the frame ends.
            Rejects(Convert.FromHexString("000000020000000000"), (ref JuteReader r) => MultiResponse.Read(ref r));
            // Nothing at all.
            Rejects(new byte[0], (ref JuteReader r) => MultiResponse.Read(ref r));
        }

        [Fact]
        public void MultiResponseWithUnknownResultTypeIsRejected()
        {
            Rejects(Convert.FromHexString("0000006300000000000000000000ffffffff01ffffffff"), (ref JuteReader r) => MultiResponse.Read(ref r));
        }

        /// <summary>Every strict prefix of every record the client reads must fail cleanly.</summary>
        [Fact]
        public void EveryTruncatedReceivedRecordIsRejected()
        {
            int checkedPrefixes = 0;
            foreach (JuteVector v in VectorFile.Records.Where(v => RecordVectorTests.IsReceived(v.Record)))
            {
                byte[] full = Convert.FromHexString(v.Hex);
                for (int cut = 0; cut < full.Length; cut++)
                {
                    byte[] prefix = full.AsSpan(0, cut).ToArray();
                    Exception? caught = Catch(prefix, (ref JuteReader r) => RecordVectorTests.Decode(v, ref r));
                    Assert.True(caught is ProtocolException, $"{v.Key} cut at {cut}/{full.Length}: got {Describe(caught)}");
                    checkedPrefixes++;
                }
            }
            Assert.True(checkedPrefixes > 1000, $"only {checkedPrefixes} prefixes checked");
        }

        /// <summary>Every strict prefix of every server frame body (after the length) must fail cleanly.</summary>
        [Fact]
        public void EveryTruncatedServerFrameIsRejected()
        {
            int checkedPrefixes = 0;
            foreach (JuteVector v in VectorFile.Frames.Where(v => v.Dir == "s2c"))
            {
                byte[] body = Convert.FromHexString(v.Hex).AsSpan(4).ToArray();
                bool optionalReadOnly = v.Layout!.Count == 3 && v.Layout[2] == "bool readOnly";
                for (int cut = 0; cut < body.Length; cut++)
                {
                    if (optionalReadOnly && cut == body.Length - 1)
                    {
                        // Without the trailing flag it is a valid legacy ConnectResponse.
                        continue;
                    }
                    byte[] prefix = body.AsSpan(0, cut).ToArray();
                    Exception? caught = null;
                    try
                    {
                        Frames.AssertServerBody(v.Layout, v.Fields, prefix);
                    }
                    catch (Exception ex)
                    {
                        caught = ex;
                    }
                    Assert.True(caught is ProtocolException, $"{v.Key} body cut at {cut}/{body.Length}: got {Describe(caught)}");
                    checkedPrefixes++;
                }
            }
            Assert.True(checkedPrefixes > 500, $"only {checkedPrefixes} prefixes checked");
        }

        /// <summary>Puts the fixed fields that precede the length-prefixed value for readers that need them.</summary>
        private static byte[] Prefixed(string reader, byte[] tail)
        {
            switch (reader)
            {
                case "WatcherEvent path":
                    return new byte[8].Concat(tail).ToArray();
                case "ConnectResponse passwd":
                    return new byte[16].Concat(tail).ToArray();
                default:
                    return tail;
            }
        }

        private static byte[] Be32(int value) => new[]
        {
            (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value,
        };

        private static Exception? Catch(byte[] bytes, ReadAction read)
        {
            try
            {
                var r = new JuteReader(bytes);
                read(ref r);
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }

        private static ProtocolException Rejects(byte[] bytes, ReadAction read)
        {
            Exception? caught = Catch(bytes, read);
            Assert.True(caught is ProtocolException, $"input {Convert.ToHexStringLower(bytes)}: expected ProtocolException, got {Describe(caught)}");
            return (ProtocolException)caught!;
        }

        private static string Describe(Exception? ex) => ex == null ? "no exception" : ex.GetType().Name + ": " + ex.Message;
    }
}
