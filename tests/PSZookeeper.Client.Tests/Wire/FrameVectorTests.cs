using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace PSZookeeper.Client.Tests.Wire
{
    /// <summary>
    /// The whole-frame vectors: c2s frames are built with our writer exactly as the client's I/O layer
    /// builds them and must match byte for byte; s2c frames are parsed as the client parses them.
    /// </summary>
    public sealed class FrameVectorTests
    {
        public static IEnumerable<object[]> FrameKeys => VectorFile.Rows(() => VectorFile.Frames.Select(v => v.Key));

        [Theory]
        [MemberData(nameof(FrameKeys))]
        public void FrameMatchesJava(string key)
        {
            VectorFile.EnsureLoaded(key);
            JuteVector v = VectorFile.Get(key);
            Assert.NotNull(v.Layout);
            switch (v.Dir)
            {
                case "c2s":
                    Assert.Equal(v.Hex, J.Hex(Frames.EncodeClientFrame(v.Layout!, v.Fields)));
                    break;
                case "s2c":
                    Frames.AssertServerFrame(v.Layout!, v.Fields, Convert.FromHexString(v.Hex));
                    break;
                default:
                    Assert.Fail($"Frame {key} has an unknown dir '{v.Dir}'.");
                    break;
            }
        }
    }
}
