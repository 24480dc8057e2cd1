using System;
using System.Collections.Generic;
using System.Linq;
using PSZookeeper.Client.Jute;
using PSZookeeper.Client.Protocol;
using Xunit;

namespace PSZookeeper.Client.Tests.Wire
{
    /// <summary>
    /// Every single-record vector of vectors.jsonl (ZooKeeper 3.8.0 Java jute classes) against our codec:
    /// records the client sends are built from the fields and must encode to the exact bytes; records
    /// it receives are decoded with the client's own readers/parsers, compared field by field, and must
    /// consume every byte. Types with both a reader and a writer are checked both ways.
    /// </summary>
    public sealed class RecordVectorTests
    {
        /// <summary>Request records the client only writes.</summary>
        private static readonly HashSet<string> SentOnly = new HashSet<string>
        {
            "ConnectRequest", "RequestHeader", "AuthPacket", "CreateRequest", "CreateTTLRequest",
            "DeleteRequest", "CheckVersionRequest", "ExistsRequest", "GetDataRequest", "GetChildrenRequest",
            "GetChildren2Request", "SetDataRequest", "SetACLRequest", "GetACLRequest", "SyncRequest",
            "AddWatchRequest", "RemoveWatchesRequest", "CheckWatchesRequest", "SetWatches", "SetWatches2",
            "GetEphemeralsRequest", "GetAllChildrenNumberRequest",
        };

        /// <summary>Reply records the client only reads.</summary>
        private static readonly HashSet<string> ReceivedOnly = new HashSet<string>
        {
            "ConnectResponse", "CreateResponse", "Create2Response", "SyncResponse", "ExistsResponse",
            "SetDataResponse", "SetACLResponse", "GetDataResponse", "GetChildrenResponse", "GetChildren2Response",
            "GetACLResponse", "GetEphemeralsResponse", "GetAllChildrenNumberResponse", "WhoAmIResponse",
            // Read as a plain int inside MultiResponse.
            "ErrorResponse",
        };

        /// <summary>Records our types both read and write.</summary>
        private static readonly HashSet<string> BothWays = new HashSet<string>
        {
            "Stat", "Id", "ACL", "ReplyHeader", "MultiHeader", "WatcherEvent",
        };

        /// <summary>
        /// Record types in the file that this client never puts on or takes off the wire on its own.
        /// They are still run through <see cref="RecordMatchesItsSignature"/>.
        /// </summary>
        private static readonly Dictionary<string, string> NotUsed = new Dictionary<string, string>
        {
            // The client has no reconfig API (op 16).
            ["ReconfigRequest"] = "no reconfig support",
            // SASL (op 102) is not implemented: no Kerberos/SASL authentication.
            ["GetSASLRequest"] = "no SASL authentication",
            ["SetSASLRequest"] = "no SASL authentication",
            ["SetSASLResponse"] = "no SASL authentication",
            // Only ever decoded as an element of WhoAmIResponse (covered there), never alone.
            ["ClientInfo"] = "only inside WhoAmIResponse",
        };

        public static IEnumerable<object[]> RecordKeys => VectorFile.Rows(() => VectorFile.Records.Select(v => v.Key));

        [Fact]
        public void VectorFileHasTheDocumentedShape()
        {
            Assert.Equal(153, VectorFile.All.Count);
            Assert.Equal(122, VectorFile.Records.Count());
            Assert.Equal(31, VectorFile.Frames.Count());
            Assert.Equal(48, VectorFile.Records.Select(v => v.Record).Distinct().Count());
            Assert.Equal(VectorFile.All.Count, VectorFile.All.Select(v => v.Key).Distinct().Count());
        }

        [Fact]
        public void EveryRecordTypeInTheFileIsCoveredOrListedAsNotUsed()
        {
            var inFile = new HashSet<string>(VectorFile.Records.Select(v => v.Record));
            List<string> unhandled = inFile.Where(r => !IsSent(r) && !IsReceived(r) && !NotUsed.ContainsKey(r)).OrderBy(r => r).ToList();
            Assert.True(unhandled.Count == 0, "Record types with no codec test and not listed as unused: " + string.Join(", ", unhandled));

            List<string> stale = SentOnly.Concat(ReceivedOnly).Concat(BothWays).Concat(NotUsed.Keys).Where(r => !inFile.Contains(r)).ToList();
            Assert.True(stale.Count == 0, "Listed record types with no vector in the file: " + string.Join(", ", stale));

            List<string> overlap = SentOnly.Concat(ReceivedOnly).Concat(BothWays).Where(NotUsed.ContainsKey).ToList();
            Assert.True(overlap.Count == 0, "Record types listed as both covered and unused: " + string.Join(", ", overlap));
        }

        [Theory]
        [MemberData(nameof(RecordKeys))]
        public void RecordMatchesJava(string key)
        {
            VectorFile.EnsureLoaded(key);
            JuteVector v = VectorFile.Get(key);
            bool sent = IsSent(v.Record);
            bool received = IsReceived(v.Record);
            if (!sent && !received)
            {
                Assert.True(NotUsed.ContainsKey(v.Record),
                    $"Record type '{v.Record}' ({v.Sig}) in vectors.jsonl is neither covered by RecordVectorTests nor listed in NotUsed.");
                return;
            }
            if (sent)
            {
                Assert.Equal(v.Hex, J.Hex(Encode(v)));
            }
            if (received)
            {
                byte[] bytes = Convert.FromHexString(v.Hex);
                var r = new JuteReader(bytes);
                Decode(v, ref r);
                Assert.Equal(0, r.Remaining);
            }
        }

        /// <summary>
        /// Every single record (used or not) encoded and decoded straight from its signature with the
        /// JuteWriter/JuteReader primitives: checks the primitives and null-versus-empty exactly.
        /// </summary>
        [Theory]
        [MemberData(nameof(RecordKeys))]
        public void RecordMatchesItsSignature(string key)
        {
            VectorFile.EnsureLoaded(key);
            JuteVector v = VectorFile.Get(key);
            Assert.Equal(v.Record, SignatureCodec.RecordName(v.Sig));
            Assert.Equal(v.Hex, J.Hex(SignatureCodec.Encode(v.Sig, v.Fields)));
            SignatureCodec.AssertDecodes(v.Sig, Convert.FromHexString(v.Hex), v.Fields);
        }

        /// <summary>
        /// Outside the vectors (none has a character beyond the BMP): the 3.8.0 jute writer encodes each
        /// UTF-16 surrogate as its own 3-byte sequence ("/😀" -> 2feda0bdedb880), which its own reader, and
        /// so the server, decodes to U+FFFD U+FFFD. We send standard UTF-8 (as kazoo does), which the
        /// server decodes to the right string; so this is a deliberate difference from the Java client's
        /// bytes. Invalid UTF-8 decodes to U+FFFD, as BinaryInputArchive does (checked with the 3.8.0 jar).
        /// </summary>
        [Fact]
        public void StringsAreStandardUtf8()
        {
            using (var w = new JuteWriter(16))
            {
                w.WriteString("/\U0001F600");
                Assert.Equal("000000052ff09f9880", J.Hex(w.ToArray()));
            }
            var r = new JuteReader(Convert.FromHexString("000000052ff09f98800000000361ff62"));
            Assert.Equal("/\U0001F600", r.ReadString());
            Assert.Equal("a\uFFFDb", r.ReadString());
            Assert.Equal(0, r.Remaining);
        }

        private static bool IsSent(string record) => SentOnly.Contains(record) || BothWays.Contains(record);

        internal static bool IsReceived(string record) => ReceivedOnly.Contains(record) || BothWays.Contains(record);

        private static byte[] Encode(JuteVector v)
        {
            using var w = new JuteWriter(64);
            var f = v.Fields;
            switch (v.Record)
            {
                case "RequestHeader":
                    new RequestHeader(J.I32(f, "xid"), (OpCode)J.I32(f, "type")).Write(w);
                    break;
                case "ReplyHeader":
                    new ReplyHeader(J.I32(f, "xid"), J.I64(f, "zxid"), J.I32(f, "err")).Write(w);
                    break;
                case "MultiHeader":
                    new MultiHeader(J.I32(f, "type"), J.Bool(f, "done"), J.I32(f, "err")).Write(w);
                    break;
                case "WatcherEvent":
                    new WatcherEvent(J.I32(f, "type"), J.I32(f, "state"), J.Str(f, "path")).Write(w);
                    break;
                case "Stat":
                    J.Stat(f).Write(w);
                    break;
                case "Id":
                    J.Id(f).Write(w);
                    break;
                case "ACL":
                    J.Acl(f).Write(w);
                    break;
                default:
                    IRequestRecord record = Records.Request(v.Record, f)
                        ?? throw new InvalidOperationException($"{v.Record} is listed as sent but has no builder.");
                    record.Write(w);
                    break;
            }
            return w.ToArray();
        }

        /// <summary>Decodes <paramref name="v"/> with the client's reader for its type and compares the fields.</summary>
        internal static void Decode(JuteVector v, ref JuteReader r)
        {
            var f = v.Fields;
            switch (v.Record)
            {
                case "Stat":
                    Expect.Stat(f, Stat.Read(ref r));
                    break;
                case "Id":
                    Expect.Id(f, Id.Read(ref r));
                    break;
                case "ACL":
                    Expect.Acl(f, Acl.Read(ref r));
                    break;
                case "ReplyHeader":
                {
                    ReplyHeader h = ReplyHeader.Read(ref r);
                    Assert.Equal(J.I32(f, "xid"), h.Xid);
                    Assert.Equal(J.I64(f, "zxid"), h.Zxid);
                    Assert.Equal(J.I32(f, "err"), h.Err);
                    break;
                }
                case "MultiHeader":
                {
                    MultiHeader h = MultiHeader.Read(ref r);
                    Assert.Equal(J.I32(f, "type"), h.Type);
                    Assert.Equal(J.Bool(f, "done"), h.Done);
                    Assert.Equal(J.I32(f, "err"), h.Err);
                    break;
                }
                case "ConnectResponse":
                {
                    // The single record has no trailing readOnly flag: the legacy form, read as read-write.
                    ConnectResponse c = ConnectResponse.Read(ref r);
                    Assert.Equal(J.I32(f, "protocolVersion"), c.ProtocolVersion);
                    Assert.Equal(J.I32(f, "timeOut"), c.TimeOut);
                    Assert.Equal(J.I64(f, "sessionId"), c.SessionId);
                    Expect.Bytes(J.Bytes(f, "passwd"), c.Passwd);
                    Assert.False(c.ReadOnly);
                    break;
                }
                default:
                    Assert.True(Records.Response(v.Record, ref r, f), $"{v.Record} is listed as received but has no parser.");
                    break;
            }
        }
    }
}
