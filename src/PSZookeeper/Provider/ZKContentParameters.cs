using System.Management.Automation;

namespace PSZookeeper.Provider
{
    /// <summary>How Get-Content and Set-Content treat a znode's data.</summary>
    public enum ZKContentEncoding
    {
        /// <summary>UTF-8 text (the default).</summary>
        UTF8,
        /// <summary>The raw bytes (Windows PowerShell's -Encoding Byte).</summary>
        Byte,
    }

    /// <summary>Set-Content / Add-Content parameters for a znode: text (default) or bytes.</summary>
    public class ZKContentParameters
    {
        /// <summary>Bytes instead of text (PowerShell 7's switch).</summary>
        [Parameter]
        public SwitchParameter AsByteStream { get; set; }

        /// <summary>UTF8 (default) or Byte (Windows PowerShell's form of -AsByteStream).</summary>
        [Parameter]
        public ZKContentEncoding Encoding { get; set; } = ZKContentEncoding.UTF8;

        internal bool Bytes => AsByteStream || Encoding == ZKContentEncoding.Byte;
    }

    /// <summary>Get-Content parameters for a znode.</summary>
    public sealed class ZKContentReaderParameters : ZKContentParameters
    {
        /// <summary>The whole data as one string (or one byte array), not lines.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }
    }
}
