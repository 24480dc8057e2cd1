using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace PSZookeeper.Client.Tests.Wire
{
    /// <summary>
    /// Real captured sessions (official Java client 3.8.0 and kazoo 2.8 against a 3.8.0 server):
    /// every server frame is decoded by our decoders, every client frame is re-encoded by our
    /// encoder from its decoded form and must be byte-identical (the two clients send the same
    /// bytes apart from xids, so both must match ours).
    /// </summary>
    public sealed class CaptureTests
    {
        private static readonly Dictionary<string, string> Files = new Dictionary<string, string>
        {
            ["java"] = "capture-java-session.jsonl",
            ["kazoo"] = "capture-kazoo-session.jsonl",
        };

        public static IEnumerable<object[]> CapturedFrames => VectorFile.Rows(() =>
            Files.SelectMany(file => VectorFile.Capture(file.Value).Select(f => $"{file.Key}/{f.Index:00}")));

        [Fact]
        public void CapturesHaveTheDocumentedFrameCounts()
        {
            Assert.Equal(43, VectorFile.Capture(Files["java"]).Count);
            Assert.Equal(41, VectorFile.Capture(Files["kazoo"]).Count);
        }

        [Theory]
        [MemberData(nameof(CapturedFrames))]
        public void CapturedFrameMatches(string key)
        {
            VectorFile.EnsureLoaded(key);
            int slash = key.IndexOf('/');
            CapturedFrame frame = VectorFile.Capture(Files[key.Substring(0, slash)])[int.Parse(key.Substring(slash + 1))];
            switch (frame.Dir)
            {
                case "c2s":
                    Assert.Equal(frame.Hex, J.Hex(Frames.EncodeClientFrame(frame.Layout, frame.Decoded)));
                    break;
                case "s2c":
                    Frames.AssertServerFrame(frame.Layout, frame.Decoded, Convert.FromHexString(frame.Hex));
                    break;
                default:
                    Assert.Fail($"Captured frame {key} ({frame.Note}) has an unknown dir '{frame.Dir}'.");
                    break;
            }
        }
    }
}
