using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace PSZookeeper.Client.Tests.Wire
{
    /// <summary>One line of vectors.jsonl: a single record, or (record == "Frame") a whole frame.</summary>
    public sealed class JuteVector
    {
        public JuteVector(string record, string @case, string sig, JsonElement fields, string hex,
            IReadOnlyList<string>? layout, string? dir)
        {
            Record = record;
            Case = @case;
            Sig = sig;
            Fields = fields;
            Hex = hex;
            Layout = layout;
            Dir = dir;
        }

        public string Record { get; }
        public string Case { get; }
        public string Sig { get; }
        /// <summary>Field values in wire order; longs must be read with GetInt64 (never as double).</summary>
        public JsonElement Fields { get; }
        public string Hex { get; }
        /// <summary>Frames only: the part list, e.g. ["int len","RequestHeader header","CreateRequest request"].</summary>
        public IReadOnlyList<string>? Layout { get; }
        /// <summary>Frames only: c2s or s2c.</summary>
        public string? Dir { get; }

        public bool IsFrame => Record == "Frame";

        public string Key => Record + "/" + Case;

        public override string ToString() => Key;
    }

    /// <summary>One line of a capture-*-session.jsonl file: a frame seen on the socket.</summary>
    public sealed class CapturedFrame
    {
        public CapturedFrame(int index, string dir, int session, string hex, string note,
            IReadOnlyList<string> layout, JsonElement decoded)
        {
            Index = index;
            Dir = dir;
            Session = session;
            Hex = hex;
            Note = note;
            Layout = layout;
            Decoded = decoded;
        }

        /// <summary>0-based line number in the file.</summary>
        public int Index { get; }
        public string Dir { get; }
        public int Session { get; }
        public string Hex { get; }
        public string Note { get; }
        public IReadOnlyList<string> Layout { get; }
        public JsonElement Decoded { get; }
    }

    /// <summary>
    /// Finds and loads the golden vectors made by the ZooKeeper 3.8.0 Java classes
    /// (shared/jute-vectors, which CI checks out beside the repository).
    /// </summary>
    public static class VectorFile
    {
        public const string EnvVar = "PSZK_SHARED_DIR";
        private const string SubDir = "jute-vectors";

        private static readonly Lazy<string> LazyDir = new Lazy<string>(Locate);
        private static readonly Lazy<IReadOnlyList<JuteVector>> LazyVectors =
            new Lazy<IReadOnlyList<JuteVector>>(() => LoadVectors(Path.Combine(Directory, "vectors.jsonl")));
        private static readonly Dictionary<string, IReadOnlyList<CapturedFrame>> Captures =
            new Dictionary<string, IReadOnlyList<CapturedFrame>>();

        /// <summary>The jute-vectors folder; throws (failing the test) with a clear message when it is missing.</summary>
        public static string Directory => LazyDir.Value;

        public static IReadOnlyList<JuteVector> All => LazyVectors.Value;

        public static IEnumerable<JuteVector> Records => All.Where(v => !v.IsFrame);

        public static IEnumerable<JuteVector> Frames => All.Where(v => v.IsFrame);

        public static JuteVector Get(string key)
        {
            JuteVector? found = All.FirstOrDefault(v => v.Key == key);
            if (found == null)
            {
                throw new InvalidOperationException($"No vector '{key}' in {Path.Combine(Directory, "vectors.jsonl")}.");
            }
            return found;
        }

        public static IReadOnlyList<CapturedFrame> Capture(string fileName)
        {
            lock (Captures)
            {
                if (!Captures.TryGetValue(fileName, out IReadOnlyList<CapturedFrame>? frames))
                {
                    frames = LoadCapture(Path.Combine(Directory, fileName));
                    Captures[fileName] = frames;
                }
                return frames;
            }
        }

        /// <summary>
        /// Theory rows for MemberData. When the folder is missing this yields one row that
        /// fails in the test body (with the locate message) rather than silently yielding nothing.
        /// </summary>
        public static IEnumerable<object[]> Rows(Func<IEnumerable<string>> keys)
        {
            List<string> list;
            try
            {
                list = keys().ToList();
            }
            catch (Exception)
            {
                list = new List<string> { MissingKey };
            }
            if (list.Count == 0)
            {
                list.Add(MissingKey);
            }
            return list.Select(k => new object[] { k });
        }

        /// <summary>The placeholder row used when the vectors could not be loaded.</summary>
        public const string MissingKey = "<jute-vectors not loaded>";

        /// <summary>Fails with the real reason if <paramref name="key"/> is the placeholder row.</summary>
        public static void EnsureLoaded(string key)
        {
            if (key == MissingKey)
            {
                // Re-run the loading so the test reports the actual error.
                _ = All;
                throw new InvalidOperationException("The jute vectors loaded, but no rows were produced for this theory.");
            }
        }

        private static string Locate()
        {
            var tried = new List<string>();
            string? env = Environment.GetEnvironmentVariable(EnvVar);
            if (!string.IsNullOrWhiteSpace(env))
            {
                // Accept either the shared folder itself or the jute-vectors folder inside it. When the
                // variable is set it must be right: a wrong setting fails instead of silently using another copy.
                foreach (string candidate in new[] { Path.Combine(env, SubDir), env })
                {
                    string full = Path.GetFullPath(candidate);
                    tried.Add(full);
                    if (File.Exists(Path.Combine(full, "vectors.jsonl")))
                    {
                        return full;
                    }
                }
                throw new DirectoryNotFoundException(
                    $"{EnvVar} is set to '{env}', but neither it nor its '{SubDir}' subfolder holds vectors.jsonl " +
                    "(the ZooKeeper jute golden vectors). Looked in:" + Environment.NewLine + "  " +
                    string.Join(Environment.NewLine + "  ", tried));
            }

            // Walk up from the test binaries; CI puts shared/ beside the clone (<clone>/../shared),
            // a developer checkout may have it inside or above.
            DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null)
            {
                string candidate = Path.Combine(dir.FullName, "shared", SubDir);
                tried.Add(candidate);
                if (File.Exists(Path.Combine(candidate, "vectors.jsonl")))
                {
                    return candidate;
                }
                dir = dir.Parent;
            }

            throw new DirectoryNotFoundException(
                "The ZooKeeper jute golden vectors were not found: no directory containing 'shared/jute-vectors/vectors.jsonl' " +
                $"above {AppContext.BaseDirectory}, and {EnvVar} is not set. Check out the shared folder beside the repository (<clone>/../shared) or set " + EnvVar +
                " to the shared folder. Looked in:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", tried));
        }

        private static IReadOnlyList<JuteVector> LoadVectors(string path)
        {
            var list = new List<JuteVector>();
            int lineNo = 0;
            foreach (string line in File.ReadLines(path))
            {
                lineNo++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                using JsonDocument doc = JsonDocument.Parse(line);
                JsonElement root = doc.RootElement;
                try
                {
                    list.Add(new JuteVector(
                        root.GetProperty("record").GetString()!,
                        root.GetProperty("case").GetString()!,
                        root.TryGetProperty("sig", out JsonElement sig) ? sig.GetString() ?? "" : "",
                        root.GetProperty("fields").Clone(),
                        root.GetProperty("hex").GetString()!,
                        root.TryGetProperty("layout", out JsonElement layout) ? StringArray(layout) : null,
                        root.TryGetProperty("dir", out JsonElement dir) ? dir.GetString() : null));
                }
                catch (Exception ex) when (ex is KeyNotFoundException || ex is InvalidOperationException)
                {
                    throw new InvalidDataException($"{path}:{lineNo}: unexpected vector line: {ex.Message}", ex);
                }
            }
            return list;
        }

        private static IReadOnlyList<CapturedFrame> LoadCapture(string path)
        {
            var list = new List<CapturedFrame>();
            foreach (string line in File.ReadLines(path))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                using JsonDocument doc = JsonDocument.Parse(line);
                JsonElement root = doc.RootElement;
                list.Add(new CapturedFrame(
                    list.Count,
                    root.GetProperty("dir").GetString()!,
                    root.GetProperty("session").GetInt32(),
                    root.GetProperty("hex").GetString()!,
                    root.TryGetProperty("note", out JsonElement note) ? note.GetString() ?? "" : "",
                    StringArray(root.GetProperty("layout")),
                    root.GetProperty("decoded").Clone()));
            }
            return list;
        }

        private static IReadOnlyList<string> StringArray(JsonElement array) =>
            array.EnumerateArray().Select(e => e.GetString()!).ToList();
    }
}
