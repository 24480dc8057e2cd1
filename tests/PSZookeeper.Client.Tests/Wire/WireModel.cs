using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using PSZookeeper.Client.Errors;
using PSZookeeper.Client.Jute;
using PSZookeeper.Client.Protocol;
using Xunit;

namespace PSZookeeper.Client.Tests.Wire
{
    /// <summary>Typed access to the JSON field trees of the vectors (longs via GetInt64, never double).</summary>
    internal static class J
    {
        public static JsonElement P(JsonElement obj, string name)
        {
            if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out JsonElement value))
            {
                throw new InvalidOperationException($"Vector field '{name}' is missing in {obj.GetRawText()}.");
            }
            return value;
        }

        public static int I32(JsonElement obj, string name) => P(obj, name).GetInt32();

        public static long I64(JsonElement obj, string name) => P(obj, name).GetInt64();

        public static bool Bool(JsonElement obj, string name) => P(obj, name).GetBoolean();

        public static string? Str(JsonElement obj, string name) => StrOf(P(obj, name));

        public static string? StrOf(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetString();

        /// <summary>Buffers are lowercase hex; "" is an empty buffer and null a null one.</summary>
        public static byte[]? Bytes(JsonElement obj, string name)
        {
            JsonElement e = P(obj, name);
            return e.ValueKind == JsonValueKind.Null ? null : Convert.FromHexString(e.GetString()!);
        }

        public static List<string>? StrList(JsonElement obj, string name) => StrListOf(P(obj, name));

        /// <summary>A string vector; null elements are kept (typed non-null as the client's lists are).</summary>
        public static List<string>? StrListOf(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            var list = new List<string>();
            foreach (JsonElement item in e.EnumerateArray())
            {
                list.Add(StrOf(item)!);
            }
            return list;
        }

        public static Id Id(JsonElement e) => new Id(Str(e, "scheme")!, Str(e, "id")!);

        public static Acl Acl(JsonElement e) => new Acl((Permissions)I32(e, "perms"), Id(P(e, "id")));

        public static List<Acl>? Acls(JsonElement obj, string name)
        {
            JsonElement e = P(obj, name);
            return e.ValueKind == JsonValueKind.Null ? null : e.EnumerateArray().Select(Acl).ToList();
        }

        public static Stat Stat(JsonElement e) => new Stat(
            I64(e, "czxid"), I64(e, "mzxid"), I64(e, "ctime"), I64(e, "mtime"), I32(e, "version"),
            I32(e, "cversion"), I32(e, "aversion"), I64(e, "ephemeralOwner"), I32(e, "dataLength"),
            I32(e, "numChildren"), I64(e, "pzxid"));

        /// <summary>A multi body element: {"TypeName": {...}}.</summary>
        public static KeyValuePair<string, JsonElement> Single(JsonElement e)
        {
            JsonProperty[] props = e.EnumerateObject().ToArray();
            if (props.Length != 1)
            {
                throw new InvalidOperationException($"Expected one {{\"Type\":{{...}}}} entry, got {e.GetRawText()}.");
            }
            return new KeyValuePair<string, JsonElement>(props[0].Name, props[0].Value);
        }

        public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

        public static string? Hex(byte[]? bytes) => bytes == null ? null : Convert.ToHexStringLower(bytes);
    }

    /// <summary>Comparisons of decoded values with the expected JSON.</summary>
    internal static class Expect
    {
        public static void Stat(JsonElement e, Stat? actual)
        {
            Assert.NotNull(actual);
            Assert.Equal(J.I64(e, "czxid"), actual!.Czxid);
            Assert.Equal(J.I64(e, "mzxid"), actual.Mzxid);
            Assert.Equal(J.I64(e, "ctime"), actual.Ctime);
            Assert.Equal(J.I64(e, "mtime"), actual.Mtime);
            Assert.Equal(J.I32(e, "version"), actual.Version);
            Assert.Equal(J.I32(e, "cversion"), actual.Cversion);
            Assert.Equal(J.I32(e, "aversion"), actual.Aversion);
            Assert.Equal(J.I64(e, "ephemeralOwner"), actual.EphemeralOwner);
            Assert.Equal(J.I32(e, "dataLength"), actual.DataLength);
            Assert.Equal(J.I32(e, "numChildren"), actual.NumChildren);
            Assert.Equal(J.I64(e, "pzxid"), actual.Pzxid);
        }

        /// <summary>Exact, including null versus empty strings.</summary>
        public static void Id(JsonElement e, Id actual)
        {
            Assert.Equal(J.Str(e, "scheme"), actual.Scheme);
            Assert.Equal(J.Str(e, "id"), actual.Ident);
        }

        public static void Acl(JsonElement e, Acl actual)
        {
            Assert.Equal(J.I32(e, "perms"), (int)actual.Perms);
            Id(J.P(e, "id"), actual.Id);
        }

        public static void AclList(JsonElement e, IReadOnlyList<Acl>? actual)
        {
            if (e.ValueKind == JsonValueKind.Null)
            {
                Assert.Null(actual);
                return;
            }
            JsonElement[] items = e.EnumerateArray().ToArray();
            Assert.NotNull(actual);
            Assert.Equal(items.Length, actual!.Count);
            for (int i = 0; i < items.Length; i++)
            {
                Acl(items[i], actual[i]);
            }
        }

        public static void Bytes(byte[]? expected, byte[]? actual) => Assert.Equal(J.Hex(expected), J.Hex(actual));

        public static void Strings(IReadOnlyList<string?>? expected, IReadOnlyList<string?>? actual)
        {
            if (expected == null)
            {
                Assert.Null(actual);
                return;
            }
            Assert.NotNull(actual);
            Assert.Equal(expected, actual!);
        }
    }

    /// <summary>
    /// Builds request records from vector fields with the same record classes (and, for multi, the
    /// same <see cref="Op"/> path) the client uses, and decodes reply bodies with the client's parsers.
    /// </summary>
    internal static class Records
    {
        /// <summary>The jute request record the client pairs with each op code (null: no body).</summary>
        public static readonly IReadOnlyDictionary<OpCode, string?> RecordForOp = new Dictionary<OpCode, string?>
        {
            [OpCode.Create] = "CreateRequest",
            [OpCode.Create2] = "CreateRequest",
            [OpCode.CreateContainer] = "CreateRequest",
            [OpCode.CreateTtl] = "CreateTTLRequest",
            [OpCode.Delete] = "DeleteRequest",
            [OpCode.Exists] = "ExistsRequest",
            [OpCode.GetData] = "GetDataRequest",
            [OpCode.SetData] = "SetDataRequest",
            [OpCode.GetAcl] = "GetACLRequest",
            [OpCode.SetAcl] = "SetACLRequest",
            [OpCode.GetChildren] = "GetChildrenRequest",
            [OpCode.GetChildren2] = "GetChildren2Request",
            [OpCode.Sync] = "SyncRequest",
            [OpCode.Check] = "CheckVersionRequest",
            [OpCode.Multi] = "MultiOperationRecord",
            [OpCode.MultiRead] = "MultiOperationRecord",
            [OpCode.Auth] = "AuthPacket",
            [OpCode.SetWatches] = "SetWatches",
            [OpCode.SetWatches2] = "SetWatches2",
            [OpCode.AddWatch] = "AddWatchRequest",
            [OpCode.RemoveWatches] = "RemoveWatchesRequest",
            [OpCode.CheckWatches] = "CheckWatchesRequest",
            [OpCode.GetEphemerals] = "GetEphemeralsRequest",
            [OpCode.GetAllChildrenNumber] = "GetAllChildrenNumberRequest",
            [OpCode.Ping] = null,
            [OpCode.CloseSession] = null,
            [OpCode.WhoAmI] = null,
        };

        public static ConnectRequest Connect(JsonElement f, bool? readOnly) => new ConnectRequest(
            J.I32(f, "protocolVersion"), J.I64(f, "lastZxidSeen"), J.I32(f, "timeOut"), J.I64(f, "sessionId"),
            J.Bytes(f, "passwd"), readOnly);

        /// <summary>Builds a request body record; null when <paramref name="record"/> is not one the client sends.</summary>
        public static IRequestRecord? Request(string record, JsonElement f)
        {
            switch (record)
            {
                case "ConnectRequest":
                    return Connect(f, null);
                case "AuthPacket":
                    return new AuthPacket(J.I32(f, "type"), J.Str(f, "scheme"), J.Bytes(f, "auth"));
                case "CreateRequest":
                    return new CreateRequest(J.Str(f, "path"), J.Bytes(f, "data"), J.Acls(f, "acl"), J.I32(f, "flags"));
                case "CreateTTLRequest":
                    return new CreateRequest(J.Str(f, "path"), J.Bytes(f, "data"), J.Acls(f, "acl"), J.I32(f, "flags"), J.I64(f, "ttl"));
                case "DeleteRequest":
                case "CheckVersionRequest":
                    return new PathIntRequest(J.Str(f, "path"), J.I32(f, "version"));
                case "AddWatchRequest":
                    return new PathIntRequest(J.Str(f, "path"), J.I32(f, "mode"));
                case "RemoveWatchesRequest":
                case "CheckWatchesRequest":
                    return new PathIntRequest(J.Str(f, "path"), J.I32(f, "type"));
                case "ExistsRequest":
                case "GetDataRequest":
                case "GetChildrenRequest":
                case "GetChildren2Request":
                    return new PathWatchRequest(J.Str(f, "path"), J.Bool(f, "watch"));
                case "GetACLRequest":
                case "SyncRequest":
                case "GetAllChildrenNumberRequest":
                    return new PathRequest(J.Str(f, "path"));
                case "GetEphemeralsRequest":
                    return new PathRequest(J.Str(f, "prefixPath"));
                case "SetDataRequest":
                    return new SetDataRequest(J.Str(f, "path"), J.Bytes(f, "data"), J.I32(f, "version"));
                case "SetACLRequest":
                    return new SetAclRequest(J.Str(f, "path"), J.Acls(f, "acl"), J.I32(f, "version"));
                case "SetWatches":
                    return new SetWatchesRequest(J.I64(f, "relativeZxid"), J.StrList(f, "dataWatches")!,
                        J.StrList(f, "existWatches")!, J.StrList(f, "childWatches")!, null, null);
                case "SetWatches2":
                    return new SetWatchesRequest(J.I64(f, "relativeZxid"), J.StrList(f, "dataWatches")!,
                        J.StrList(f, "existWatches")!, J.StrList(f, "childWatches")!,
                        J.StrList(f, "persistentWatches")!, J.StrList(f, "persistentRecursiveWatches")!);
                default:
                    return null;
            }
        }

        /// <summary>
        /// A MultiOperationRecord built the way ZooKeeperClient.MultiAsync / MultiReadAsync build it:
        /// public <see cref="Op"/> factories, then (op.Code, op.ToRecord(serverPath)) pairs (no chroot here).
        /// </summary>
        public static MultiRequest Multi(JsonElement items, OpCode frameOp)
        {
            var pairs = new List<KeyValuePair<OpCode, IRequestRecord>>();
            JsonElement[] list = items.EnumerateArray().ToArray();
            int i = 0;
            while (true)
            {
                Assert.True(i < list.Length, "multi request without a terminating MultiHeader");
                KeyValuePair<string, JsonElement> header = J.Single(list[i++]);
                Assert.Equal("MultiHeader", header.Key);
                int type = J.I32(header.Value, "type");
                // Every op header the client writes is (type, done=false, err=-1); the terminator is (-1, true, -1).
                Assert.Equal(-1, J.I32(header.Value, "err"));
                if (J.Bool(header.Value, "done"))
                {
                    Assert.Equal(-1, type);
                    break;
                }
                KeyValuePair<string, JsonElement> body = J.Single(list[i++]);
                Op op = ToOp(body.Key, body.Value);
                Assert.Equal(type, (int)op.Code);
                Assert.Equal(frameOp == OpCode.MultiRead, op.IsRead);
                pairs.Add(new KeyValuePair<OpCode, IRequestRecord>(op.Code, op.ToRecord(op.Path)));
            }
            Assert.Equal(list.Length, i);
            return new MultiRequest(pairs);
        }

        private static Op ToOp(string record, JsonElement f)
        {
            switch (record)
            {
                case "CreateRequest":
                    return Op.Create(J.Str(f, "path")!, J.Bytes(f, "data"), J.Acls(f, "acl")!, (CreateMode)J.I32(f, "flags"));
                case "CreateTTLRequest":
                    return Op.Create(J.Str(f, "path")!, J.Bytes(f, "data"), J.Acls(f, "acl")!, (CreateMode)J.I32(f, "flags"), J.I64(f, "ttl"));
                case "DeleteRequest":
                    return Op.Delete(J.Str(f, "path")!, J.I32(f, "version"));
                case "SetDataRequest":
                    return Op.SetData(J.Str(f, "path")!, J.Bytes(f, "data"), J.I32(f, "version"));
                case "CheckVersionRequest":
                    return Op.Check(J.Str(f, "path")!, J.I32(f, "version"));
                case "GetDataRequest":
                    // Read batches never set watches (as the Java client's multiRead).
                    Assert.False(J.Bool(f, "watch"));
                    return Op.GetData(J.Str(f, "path")!);
                case "GetChildrenRequest":
                    Assert.False(J.Bool(f, "watch"));
                    return Op.GetChildren(J.Str(f, "path")!);
                default:
                    throw new InvalidOperationException($"No Op for multi record {record}.");
            }
        }

        /// <summary>
        /// Decodes a reply body with the parser the client uses for it and compares it with the fields.
        /// Returns false when the client has no parser for <paramref name="record"/>.
        /// </summary>
        /// <remarks>
        /// The parsers behind the public API map a null path / list to "" / empty (the client never
        /// returns null for them); the exact null-versus-empty decoding is asserted on the primitives
        /// (see RecordVectorTests.RecordMatchesItsSignature and the Id/ACL/WatcherEvent readers).
        /// </remarks>
        public static bool Response(string record, ref JuteReader r, JsonElement f)
        {
            switch (record)
            {
                case "CreateResponse":
                case "SyncResponse":
                    Assert.Equal(J.Str(f, "path") ?? string.Empty, Responses.Path(ref r));
                    return true;
                case "Create2Response":
                {
                    CreateResult created = Responses.Create2(ref r);
                    Assert.Equal(J.Str(f, "path") ?? string.Empty, created.Path);
                    Expect.Stat(J.P(f, "stat"), created.Stat);
                    return true;
                }
                case "ExistsResponse":
                case "SetDataResponse":
                case "SetACLResponse":
                    Expect.Stat(J.P(f, "stat"), Responses.Stat(ref r));
                    return true;
                case "GetDataResponse":
                {
                    NodeData node = Responses.GetData(ref r);
                    Expect.Bytes(J.Bytes(f, "data"), node.Data);
                    Expect.Stat(J.P(f, "stat"), node.Stat);
                    return true;
                }
                case "GetChildrenResponse":
                    Expect.Strings(J.StrList(f, "children") ?? new List<string>(), Responses.StringList(ref r));
                    return true;
                case "GetEphemeralsResponse":
                    Expect.Strings(J.StrList(f, "ephemerals") ?? new List<string>(), Responses.StringList(ref r));
                    return true;
                case "GetChildren2Response":
                {
                    ChildrenWithStat children = Responses.GetChildren2(ref r);
                    Expect.Strings(J.StrList(f, "children") ?? new List<string>(), children.Children);
                    Expect.Stat(J.P(f, "stat"), children.Stat);
                    return true;
                }
                case "GetACLResponse":
                {
                    AclWithStat acl = Responses.GetAcl(ref r);
                    JsonElement expected = J.P(f, "acl");
                    if (expected.ValueKind == JsonValueKind.Null)
                    {
                        Assert.Empty(acl.Acl);
                    }
                    else
                    {
                        Expect.AclList(expected, acl.Acl);
                    }
                    Expect.Stat(J.P(f, "stat"), acl.Stat);
                    return true;
                }
                case "GetAllChildrenNumberResponse":
                    Assert.Equal(J.I32(f, "totalNumber"), Responses.Int(ref r));
                    return true;
                case "WhoAmIResponse":
                {
                    IReadOnlyList<ClientInfo> infos = Responses.WhoAmI(ref r);
                    JsonElement expected = J.P(f, "clientInfo");
                    JsonElement[] items = expected.ValueKind == JsonValueKind.Null ? new JsonElement[0] : expected.EnumerateArray().ToArray();
                    Assert.Equal(items.Length, infos.Count);
                    for (int i = 0; i < items.Length; i++)
                    {
                        Assert.Equal(J.Str(items[i], "authScheme") ?? string.Empty, infos[i].AuthScheme);
                        Assert.Equal(J.Str(items[i], "user") ?? string.Empty, infos[i].User);
                    }
                    return true;
                }
                case "WatcherEvent":
                {
                    WatcherEvent e = WatcherEvent.Read(ref r);
                    Assert.Equal(J.I32(f, "type"), e.Type);
                    Assert.Equal(J.I32(f, "state"), e.State);
                    Assert.Equal(J.Str(f, "path"), e.Path);
                    return true;
                }
                case "ErrorResponse":
                    // MultiResponse reads an ErrorResponse as a plain int.
                    Assert.Equal(J.I32(f, "err"), r.ReadInt());
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Compares MultiResponse.Read's results with the {"Type":{...}} list (terminator included).</summary>
        public static void MultiResults(JsonElement items, IReadOnlyList<OpResult> actual)
        {
            JsonElement[] list = items.EnumerateArray().ToArray();
            int i = 0;
            int n = 0;
            while (true)
            {
                Assert.True(i < list.Length, "multi response without a terminating MultiHeader");
                KeyValuePair<string, JsonElement> header = J.Single(list[i++]);
                Assert.Equal("MultiHeader", header.Key);
                int type = J.I32(header.Value, "type");
                int err = J.I32(header.Value, "err");
                if (J.Bool(header.Value, "done"))
                {
                    Assert.Equal(-1, type);
                    break;
                }
                Assert.True(n < actual.Count, $"decoder returned {actual.Count} results; the vector has more");
                OpResult result = actual[n++];
                switch (type)
                {
                    case -1:
                    {
                        KeyValuePair<string, JsonElement> body = J.Single(list[i++]);
                        Assert.Equal("ErrorResponse", body.Key);
                        ErrorResult error = Assert.IsType<ErrorResult>(result);
                        Assert.Equal(J.I32(body.Value, "err"), (int)error.Code);
                        Assert.Equal(err, (int)error.Code);
                        continue;
                    }
                    case 1:
                    {
                        KeyValuePair<string, JsonElement> body = J.Single(list[i++]);
                        Assert.Equal("CreateResponse", body.Key);
                        CreateResult created = Assert.IsType<CreateResult>(result);
                        Assert.Equal(J.Str(body.Value, "path"), created.Path);
                        Assert.Null(created.Stat);
                        break;
                    }
                    case 15:
                    {
                        KeyValuePair<string, JsonElement> body = J.Single(list[i++]);
                        Assert.Equal("Create2Response", body.Key);
                        CreateResult created = Assert.IsType<CreateResult>(result);
                        Assert.Equal(J.Str(body.Value, "path"), created.Path);
                        Expect.Stat(J.P(body.Value, "stat"), created.Stat);
                        break;
                    }
                    case 5:
                    {
                        KeyValuePair<string, JsonElement> body = J.Single(list[i++]);
                        Assert.Equal("SetDataResponse", body.Key);
                        Expect.Stat(J.P(body.Value, "stat"), Assert.IsType<SetDataResult>(result).Stat);
                        break;
                    }
                    case 4:
                    {
                        KeyValuePair<string, JsonElement> body = J.Single(list[i++]);
                        Assert.Equal("GetDataResponse", body.Key);
                        NodeData node = Assert.IsType<GetDataResult>(result).Node;
                        Expect.Bytes(J.Bytes(body.Value, "data"), node.Data);
                        Expect.Stat(J.P(body.Value, "stat"), node.Stat);
                        break;
                    }
                    case 8:
                    {
                        KeyValuePair<string, JsonElement> body = J.Single(list[i++]);
                        Assert.Equal("GetChildrenResponse", body.Key);
                        Expect.Strings(J.StrList(body.Value, "children"), Assert.IsType<GetChildrenResult>(result).Children);
                        break;
                    }
                    case 13:
                        Assert.IsType<CheckResult>(result);
                        break;
                    case 2:
                        Assert.IsType<DeleteResult>(result);
                        break;
                    default:
                        throw new InvalidOperationException($"Vector has a multi result of type {type} that this test does not map.");
                }
                Assert.Equal(0, err);
            }
            Assert.Equal(list.Length, i);
            Assert.Equal(n, actual.Count);
        }
    }

    /// <summary>Whole frames, encoded and decoded exactly as the client's I/O layer does.</summary>
    internal static class Frames
    {
        public static KeyValuePair<string, string> Part(string part)
        {
            int space = part.IndexOf(' ');
            return new KeyValuePair<string, string>(part.Substring(0, space), part.Substring(space + 1));
        }

        /// <summary>
        /// c2s: handshake as Session.HandshakeAsync (len + ConnectRequest [+ readOnly]); anything else as
        /// ActiveConnection.Encode (ReserveInt, RequestHeader, record, PatchInt).
        /// </summary>
        public static byte[] EncodeClientFrame(IReadOnlyList<string> layout, JsonElement fields)
        {
            Assert.Equal("int len", layout[0]);
            KeyValuePair<string, string> first = Part(layout[1]);
            using var w = new JuteWriter(64);
            if (first.Key == "ConnectRequest")
            {
                bool? readOnly = null;
                if (layout.Count == 3)
                {
                    Assert.Equal("bool readOnly", layout[2]);
                    readOnly = J.Bool(fields, "readOnly");
                }
                else
                {
                    Assert.Equal(2, layout.Count);
                }
                ConnectRequest request = Records.Connect(J.P(fields, first.Value), readOnly);
                int lengthAt = w.ReserveInt();
                request.Write(w);
                w.PatchInt(lengthAt, w.Length - 4);
            }
            else
            {
                Assert.Equal("RequestHeader", first.Key);
                JsonElement header = J.P(fields, first.Value);
                var op = (OpCode)J.I32(header, "type");
                Assert.True(Records.RecordForOp.TryGetValue(op, out string? expectedRecord), $"op code {op} is not one the client sends");
                IRequestRecord? record = null;
                if (layout.Count == 3)
                {
                    KeyValuePair<string, string> second = Part(layout[2]);
                    Assert.Equal(expectedRecord, second.Key);
                    JsonElement body = J.P(fields, second.Value);
                    record = second.Key == "MultiOperationRecord"
                        ? Records.Multi(body, op)
                        : Records.Request(second.Key, body) ?? throw new InvalidOperationException($"No client record for {second.Key}.");
                }
                else
                {
                    Assert.Equal(2, layout.Count);
                    Assert.Null(expectedRecord);
                }
                int lengthAt = w.ReserveInt();
                new RequestHeader(J.I32(header, "xid"), op).Write(w);
                record?.Write(w);
                w.PatchInt(lengthAt, w.Length - lengthAt - 4);
            }
            byte[] bytes = w.ToArray();
            Assert.Equal(J.I32(fields, "len"), bytes.Length - 4);
            return bytes;
        }

        /// <summary>
        /// s2c: check len, then decode the body (what FrameReader hands on) as the client does:
        /// ConnectResponse.Read for the handshake, else ReplyHeader then the body parser, and
        /// check every byte was consumed.
        /// </summary>
        public static void AssertServerFrame(IReadOnlyList<string> layout, JsonElement fields, byte[] bytes)
        {
            Assert.Equal("int len", layout[0]);
            var outer = new JuteReader(bytes);
            int len = outer.ReadInt();
            Assert.Equal(J.I32(fields, "len"), len);
            Assert.Equal(outer.Remaining, len);
            AssertServerBody(layout, fields, bytes.AsSpan(4));
        }

        /// <summary>The part of <see cref="AssertServerFrame"/> after the length prefix.</summary>
        public static void AssertServerBody(IReadOnlyList<string> layout, JsonElement fields, ReadOnlySpan<byte> body)
        {
            var r = new JuteReader(body);
            KeyValuePair<string, string> first = Part(layout[1]);
            if (first.Key == "ConnectResponse")
            {
                ConnectResponse response = ConnectResponse.Read(ref r);
                JsonElement c = J.P(fields, first.Value);
                Assert.Equal(J.I32(c, "protocolVersion"), response.ProtocolVersion);
                Assert.Equal(J.I32(c, "timeOut"), response.TimeOut);
                Assert.Equal(J.I64(c, "sessionId"), response.SessionId);
                Expect.Bytes(J.Bytes(c, "passwd"), response.Passwd);
                if (layout.Count == 3)
                {
                    Assert.Equal("bool readOnly", layout[2]);
                    Assert.Equal(J.Bool(fields, "readOnly"), response.ReadOnly);
                }
                else
                {
                    // A legacy reply has no flag; the client treats that as a read-write server.
                    Assert.Equal(2, layout.Count);
                    Assert.False(response.ReadOnly);
                }
            }
            else
            {
                Assert.Equal("ReplyHeader", first.Key);
                ReplyHeader header = ReplyHeader.Read(ref r);
                JsonElement h = J.P(fields, first.Value);
                Assert.Equal(J.I32(h, "xid"), header.Xid);
                Assert.Equal(J.I64(h, "zxid"), header.Zxid);
                Assert.Equal(J.I32(h, "err"), header.Err);
                if (layout.Count == 3)
                {
                    KeyValuePair<string, string> second = Part(layout[2]);
                    JsonElement expected = J.P(fields, second.Value);
                    // ActiveConnection: xid -1 is a notification; otherwise the body is read only when err == 0.
                    Assert.Equal(header.Xid == SpecialXid.Notification, second.Key == "WatcherEvent");
                    Assert.Equal(0, header.Err);
                    if (second.Key == "MultiResponse")
                    {
                        Records.MultiResults(expected, MultiResponse.Read(ref r));
                    }
                    else
                    {
                        Assert.True(Records.Response(second.Key, ref r, expected), $"No client parser for {second.Key}.");
                    }
                }
                else
                {
                    Assert.Equal(2, layout.Count);
                }
            }
            Assert.Equal(0, r.Remaining);
        }
    }

    /// <summary>
    /// Encodes and decodes any record straight from its jute signature with the JuteWriter / JuteReader
    /// primitives (WriteStringList/ReadStringList for [s], WriteList/ReadVectorCount for other vectors).
    /// This checks the primitives, with exact null-versus-empty handling, on every record in the file.
    /// </summary>
    internal static class SignatureCodec
    {
        private abstract class Node
        {
        }

        private sealed class Prim : Node
        {
            public Prim(char code) => Code = code;
            public char Code { get; }
        }

        private sealed class Vec : Node
        {
            public Vec(Node element) => Element = element;
            public Node Element { get; }
        }

        private sealed class Rec : Node
        {
            public Rec(string name, List<Node> fields)
            {
                Name = name;
                Fields = fields;
            }

            public string Name { get; }
            public List<Node> Fields { get; }
        }

        public static string RecordName(string sig) => ((Rec)Parse(sig)).Name;

        public static byte[] Encode(string sig, JsonElement fields)
        {
            using var w = new JuteWriter(64);
            Write(w, Parse(sig), fields);
            return w.ToArray();
        }

        public static void AssertDecodes(string sig, byte[] bytes, JsonElement fields)
        {
            var r = new JuteReader(bytes);
            Read(ref r, Parse(sig), fields, "");
            Assert.Equal(0, r.Remaining);
        }

        private static Node Parse(string sig)
        {
            int pos = 0;
            Node node = ParseNode(sig, ref pos);
            if (pos != sig.Length || !(node is Rec))
            {
                throw new FormatException($"Bad jute signature '{sig}'.");
            }
            return node;
        }

        private static Node ParseNode(string sig, ref int pos)
        {
            char c = sig[pos++];
            switch (c)
            {
                case 'i':
                case 'l':
                case 'z':
                case 's':
                case 'B':
                    return new Prim(c);
                case '[':
                {
                    Node element = ParseNode(sig, ref pos);
                    if (sig[pos++] != ']')
                    {
                        throw new FormatException($"Bad jute signature '{sig}' at {pos - 1}.");
                    }
                    return new Vec(element);
                }
                case 'L':
                {
                    int open = sig.IndexOf('(', pos);
                    string name = sig.Substring(pos, open - pos);
                    pos = open + 1;
                    var fields = new List<Node>();
                    while (sig[pos] != ')')
                    {
                        fields.Add(ParseNode(sig, ref pos));
                    }
                    pos++;
                    return new Rec(name, fields);
                }
                default:
                    throw new FormatException($"Bad jute signature '{sig}' at {pos - 1}.");
            }
        }

        private static int MinSize(Node node)
        {
            switch (node)
            {
                case Prim p:
                    return p.Code == 'l' ? 8 : p.Code == 'z' ? 1 : 4;
                case Vec _:
                    return 4;
                case Rec rec:
                    return rec.Fields.Sum(MinSize);
                default:
                    throw new InvalidOperationException();
            }
        }

        private static void Write(JuteWriter w, Node node, JsonElement value)
        {
            switch (node)
            {
                case Prim p:
                    switch (p.Code)
                    {
                        case 'i':
                            w.WriteInt(value.GetInt32());
                            break;
                        case 'l':
                            w.WriteLong(value.GetInt64());
                            break;
                        case 'z':
                            w.WriteBool(value.GetBoolean());
                            break;
                        case 's':
                            w.WriteString(J.StrOf(value));
                            break;
                        default:
                            w.WriteBuffer(value.ValueKind == JsonValueKind.Null ? null : Convert.FromHexString(value.GetString()!));
                            break;
                    }
                    break;
                case Vec v:
                    if (v.Element is Prim ps && ps.Code == 's')
                    {
                        w.WriteStringList(J.StrListOf(value));
                    }
                    else
                    {
                        w.WriteList(value.ValueKind == JsonValueKind.Null ? null : value.EnumerateArray().ToList(),
                            (writer, item) => Write(writer, v.Element, item));
                    }
                    break;
                case Rec rec:
                {
                    JsonProperty[] props = value.EnumerateObject().ToArray();
                    Assert.Equal(rec.Fields.Count, props.Length);
                    for (int i = 0; i < props.Length; i++)
                    {
                        Write(w, rec.Fields[i], props[i].Value);
                    }
                    break;
                }
            }
        }

        private static void Read(ref JuteReader r, Node node, JsonElement expected, string where)
        {
            switch (node)
            {
                case Prim p:
                    switch (p.Code)
                    {
                        case 'i':
                            Assert.Equal(expected.GetInt32(), r.ReadInt());
                            break;
                        case 'l':
                            Assert.Equal(expected.GetInt64(), r.ReadLong());
                            break;
                        case 'z':
                            Assert.Equal(expected.GetBoolean(), r.ReadBool());
                            break;
                        case 's':
                            Assert.Equal(J.StrOf(expected), r.ReadString());
                            break;
                        default:
                            Assert.Equal(J.StrOf(expected), J.Hex(r.ReadBuffer()));
                            break;
                    }
                    break;
                case Vec v:
                    if (v.Element is Prim ps && ps.Code == 's')
                    {
                        List<string>? list = r.ReadStringList();
                        Expect.Strings(J.StrListOf(expected), list);
                    }
                    else
                    {
                        int count = r.ReadVectorCount(where + "[]", MinSize(v.Element));
                        if (expected.ValueKind == JsonValueKind.Null)
                        {
                            Assert.Equal(-1, count);
                            break;
                        }
                        JsonElement[] items = expected.EnumerateArray().ToArray();
                        Assert.Equal(items.Length, count);
                        for (int i = 0; i < count; i++)
                        {
                            Read(ref r, v.Element, items[i], where + "[" + i + "]");
                        }
                    }
                    break;
                case Rec rec:
                {
                    JsonProperty[] props = expected.EnumerateObject().ToArray();
                    Assert.Equal(rec.Fields.Count, props.Length);
                    for (int i = 0; i < props.Length; i++)
                    {
                        Read(ref r, rec.Fields[i], props[i].Value, where + "." + props[i].Name);
                    }
                    break;
                }
            }
        }
    }
}
