using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PSZookeeper.Client;

namespace PSZookeeper.Core.Trees
{
    /// <summary>
    /// The export file (docs/tree-export.md): one JSON object with the exported path and a flat
    /// list of nodes, parents first. Data that is valid UTF-8 is kept as text ("data"), other bytes
    /// as base64 ("base64"); neither key means the node has no data (null), which differs from
    /// empty data ("data": ""). ACLs are written when read. The server shows clients containers and
    /// TTL nodes as persistent, so an export says "persistent" for them; "container" and "ttl" are
    /// read from files written by hand.
    /// </summary>
    internal static class TreeJson
    {
        /// <summary>The value of the file's "format" key.</summary>
        public const string FormatName = "PSZookeeper.ZKTree";

        /// <summary>The format version this module writes and reads.</summary>
        public const int FormatVersion = 1;

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

        /// <summary>Writes a snapshot as an export file.</summary>
        public static void Write(Stream stream, ZKTreeSnapshot snapshot, bool includesAcl)
        {
            var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            using (var writer = new Utf8JsonWriter(stream, options))
            {
                writer.WriteStartObject();
                writer.WriteString("format", FormatName);
                writer.WriteNumber("version", FormatVersion);
                writer.WriteString("path", snapshot.Root);
                writer.WriteString("exported", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                writer.WriteBoolean("includesAcl", includesAcl);
                writer.WriteStartArray("skippedEphemerals");
                foreach (string path in snapshot.SkippedEphemerals)
                {
                    writer.WriteStringValue(path);
                }
                writer.WriteEndArray();
                writer.WriteStartArray("nodes");
                foreach (ZKTreeEntry entry in snapshot.Entries)
                {
                    WriteEntry(writer, entry);
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
        }

        /// <summary>Reads an export file: the path it was exported from and its entries (parents first); a malformed file gives an InvalidDataException that says where.</summary>
        public static ZKTreeFile Read(Stream stream)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(stream);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException("The file is not JSON: " + ex.Message, ex);
            }
            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out JsonElement format) ||
                    format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
                {
                    throw new InvalidDataException($"The file is not a ZooKeeper tree export: its \"format\" is not \"{FormatName}\".");
                }
                if (!root.TryGetProperty("version", out JsonElement version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != FormatVersion)
                {
                    throw new InvalidDataException($"The export's \"version\" is not {FormatVersion}; this module reads version {FormatVersion}.");
                }
                if (!root.TryGetProperty("nodes", out JsonElement nodes) || nodes.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidDataException("The export has no \"nodes\" array.");
                }
                var entries = new List<ZKTreeEntry>();
                int index = 0;
                foreach (JsonElement node in nodes.EnumerateArray())
                {
                    entries.Add(ReadEntry(node, index++));
                }
                if (entries.Count == 0 || entries[0].RelativePath != "/")
                {
                    throw new InvalidDataException("The export's first node must be its root, \"path\": \"/\".");
                }
                string exportedFrom = root.TryGetProperty("path", out JsonElement path) && path.ValueKind == JsonValueKind.String &&
                    ZNodePath.IsValid(path.GetString()) ? path.GetString()! : "/";
                return new ZKTreeFile(exportedFrom, entries);
            }
        }

        private static void WriteEntry(Utf8JsonWriter writer, ZKTreeEntry entry)
        {
            writer.WriteStartObject();
            writer.WriteString("path", entry.RelativePath);
            if (entry.Data != null)
            {
                string? text = AsText(entry.Data);
                if (text != null)
                {
                    writer.WriteString("data", text);
                }
                else
                {
                    writer.WriteString("base64", Convert.ToBase64String(entry.Data));
                }
            }
            if (entry.Mode != ZKNodeMode.Persistent)
            {
                writer.WriteString("mode", ModeName(entry.Mode));
            }
            if (entry.Mode == ZKNodeMode.Ttl)
            {
                writer.WriteNumber("ttl", entry.Ttl);
            }
            if (entry.Acl != null)
            {
                writer.WriteStartArray("acl");
                foreach (Acl acl in entry.Acl)
                {
                    writer.WriteStringValue($"{acl.Id.Scheme}:{acl.Id.Ident}:{AclParser.FormatPermissions(acl.Perms)}");
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }

        private static ZKTreeEntry ReadEntry(JsonElement node, int index)
        {
            string where = $"node #{index}";
            if (node.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"The export's {where} is not an object.");
            }
            string path = RequiredString(node, "path", where);
            where += $" ({path})";
            if (path != "/" && !ZNodePath.IsValid(path))
            {
                throw new InvalidDataException($"The export's {where} has an invalid path: give \"/\" for the root or \"/name/...\" below it.");
            }
            byte[]? data = null;
            if (node.TryGetProperty("data", out JsonElement text))
            {
                try
                {
                    data = StrictUtf8.GetBytes(ExpectString(text, "data", where));
                }
                catch (EncoderFallbackException)
                {
                    throw new InvalidDataException($"The export's {where} has \"data\" that is not valid Unicode text (a lone surrogate); binary data goes in \"base64\".");
                }
            }
            if (node.TryGetProperty("base64", out JsonElement base64))
            {
                if (data != null)
                {
                    throw new InvalidDataException($"The export's {where} has both \"data\" and \"base64\".");
                }
                try
                {
                    data = Convert.FromBase64String(ExpectString(base64, "base64", where));
                }
                catch (FormatException)
                {
                    throw new InvalidDataException($"The export's {where} has a \"base64\" value that is not base64.");
                }
            }
            ZKNodeMode mode = ZKNodeMode.Persistent;
            if (node.TryGetProperty("mode", out JsonElement modeValue))
            {
                mode = ParseMode(ExpectString(modeValue, "mode", where), where);
            }
            long ttl = 0;
            if (mode == ZKNodeMode.Ttl)
            {
                if (!node.TryGetProperty("ttl", out JsonElement ttlValue) || ttlValue.ValueKind != JsonValueKind.Number ||
                    !ttlValue.TryGetInt64(out ttl) || ttl <= 0)
                {
                    throw new InvalidDataException($"The export's {where} is a TTL node without a positive \"ttl\" in milliseconds.");
                }
            }
            List<Acl>? acl = null;
            if (node.TryGetProperty("acl", out JsonElement aclValue))
            {
                if (aclValue.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidDataException($"The export's {where} has an \"acl\" that is not an array of 'scheme:id:perms' strings.");
                }
                acl = new List<Acl>();
                foreach (JsonElement item in aclValue.EnumerateArray())
                {
                    try
                    {
                        acl.Add(AclParser.Parse(ExpectString(item, "acl", where)));
                    }
                    catch (ArgumentException ex)
                    {
                        throw new InvalidDataException($"The export's {where} has a bad ACL entry: {ex.Message}", ex);
                    }
                }
            }
            return new ZKTreeEntry(path, data, mode, ttl, acl, -1);
        }

        /// <summary>The text of data that is valid UTF-8, or null for other bytes.</summary>
        private static string? AsText(byte[] data)
        {
            try
            {
                return StrictUtf8.GetString(data);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }

        private static string ModeName(ZKNodeMode mode) => mode.ToString().ToLowerInvariant();

        private static ZKNodeMode ParseMode(string text, string where)
        {
            foreach (ZKNodeMode mode in new[] { ZKNodeMode.Persistent, ZKNodeMode.Container, ZKNodeMode.Ttl })
            {
                if (text == ModeName(mode))
                {
                    return mode;
                }
            }
            throw new InvalidDataException($"The export's {where} has mode \"{text}\": use persistent, container or ttl.");
        }

        private static string RequiredString(JsonElement node, string key, string where)
        {
            if (!node.TryGetProperty(key, out JsonElement value))
            {
                throw new InvalidDataException($"The export's {where} has no \"{key}\".");
            }
            return ExpectString(value, key, where);
        }

        private static string ExpectString(JsonElement value, string key, string where)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"The export's {where} has a \"{key}\" that is not a string.");
            }
            return value.GetString()!;
        }
    }
}
