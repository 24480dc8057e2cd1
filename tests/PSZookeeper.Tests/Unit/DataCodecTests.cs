using System.Text;
using PSZookeeper;
using PSZookeeper.Core;
using Xunit;

namespace PSZookeeper.Tests.Unit
{
    public class DataCodecTests
    {
        [Theory]
        [InlineData("plain")]
        [InlineData("héllo ✓ 𝄞 日本語 😀")]
        [InlineData("")]
        public void TextRoundTripsAsUtf8WithoutBom(string text)
        {
            byte[]? bytes = DataCodec.Encode(text, asJson: false, toJson: null);
            Assert.Equal(Encoding.UTF8.GetBytes(text), bytes);
            Assert.Equal(text, DataCodec.Decode(bytes, DataFormat.Text, null));
        }

        [Fact]
        public void BytesStayBytes()
        {
            byte[] data = { 0, 1, 255 };
            Assert.Same(data, DataCodec.Encode(data, false, null));
            Assert.Equal(data, DataCodec.Decode(data, DataFormat.Bytes, null));
        }

        [Fact]
        public void ObjectArraysOfBytesBecomeBytes()
        {
            Assert.Equal(new byte[] { 1, 2 }, DataCodec.Encode(new object[] { (byte)1, (byte)2 }, false, null));
        }

        [Fact]
        public void NullIsNoData()
        {
            Assert.Null(DataCodec.Encode(null, false, null));
            Assert.Null(DataCodec.Decode(null, DataFormat.Text, null));
            Assert.Equal(new byte[0], DataCodec.Decode(null, DataFormat.Bytes, null));
        }

        [Fact]
        public void NumbersAreInvariantText()
        {
            Assert.Equal("1.5", Encoding.UTF8.GetString(DataCodec.Encode(1.5, false, null)!));
        }

        [Fact]
        public void NonScalarsAndAsJsonGoThroughTheConverter()
        {
            var table = new System.Collections.Hashtable { ["a"] = 1 };
            Assert.Equal("{json}", Encoding.UTF8.GetString(DataCodec.Encode(table, false, _ => "{json}")!));
            Assert.Equal("\"s\"", Encoding.UTF8.GetString(DataCodec.Encode("s", true, v => "\"" + v + "\"")!));
            Assert.Equal("null", Encoding.UTF8.GetString(DataCodec.Encode(null, true, null)!));
        }

        [Fact]
        public void JsonDecodesThroughTheConverterAndEmptyIsNull()
        {
            Assert.Equal("parsed:{}", DataCodec.Decode(Encoding.UTF8.GetBytes("{}"), DataFormat.Json, s => "parsed:" + s));
            Assert.Null(DataCodec.Decode(new byte[0], DataFormat.Json, s => "x"));
        }

        [Fact]
        public void PreviewShortensTextAndShowsBinaryAsHex()
        {
            Assert.Equal("a\\nb", DataCodec.Preview(Encoding.UTF8.GetBytes("a\nb")));
            Assert.Equal("0x00ff", DataCodec.Preview(new byte[] { 0, 255 }));
            string preview = DataCodec.Preview(Encoding.UTF8.GetBytes(new string('x', 100)), 10);
            Assert.Equal(10, preview.Length);
            Assert.EndsWith("...", preview);
            Assert.Equal(string.Empty, DataCodec.Preview(null));
        }

        [Fact]
        public void InvalidUtf8LooksBinary()
        {
            Assert.True(DataCodec.LooksBinary(new byte[] { 0xC3, 0x28 }));
            Assert.False(DataCodec.LooksBinary(Encoding.UTF8.GetBytes("ok\ttab")));
        }
    }
}
