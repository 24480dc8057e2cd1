namespace PSZookeeper.Core
{
    /// <summary>How znode bytes are shown and written.</summary>
    internal enum DataFormat
    {
        /// <summary>UTF-8 text (the default).</summary>
        Text,
        /// <summary>The raw bytes.</summary>
        Bytes,
        /// <summary>JSON text, converted to and from objects.</summary>
        Json,
    }
}
