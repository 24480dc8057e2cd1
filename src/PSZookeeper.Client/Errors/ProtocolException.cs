using System;

namespace PSZookeeper.Client.Errors
{
    /// <summary>
    /// Thrown by the wire decoder when a frame or record is malformed (truncated, a negative or
    /// oversized length, an unexpected value).
    /// </summary>
    /// <remarks>
    /// A malformed frame means the byte stream can no longer be trusted, so the connection
    /// treats this as fatal for the socket and reports <see cref="ErrorCode.ConnectionLoss"/>
    /// to pending requests rather than surfacing this type to callers.
    /// </remarks>
    public sealed class ProtocolException : Exception
    {
        /// <summary>Creates a protocol exception with a description of the malformed input.</summary>
        /// <param name="message">What was wrong with the input.</param>
        public ProtocolException(string message)
            : base(message)
        {
        }

        /// <summary>Creates a protocol exception that wraps the underlying failure.</summary>
        /// <param name="message">What was wrong with the input.</param>
        /// <param name="innerException">The failure that revealed the malformed input.</param>
        public ProtocolException(string message, Exception? innerException)
            : base(message, innerException)
        {
        }
    }
}
