using System;

namespace PSZookeeper.Client.Io
{
    /// <summary>Takes the frames a <see cref="Transport"/> reads, on the transport's own thread.</summary>
    internal interface IFrameSink
    {
        /// <summary>One frame's body (without its length), valid only during the call. Throwing ends the connection.</summary>
        void OnFrame(ReadOnlySpan<byte> frame);

        /// <summary>The connection ended: the server closed it, a read or a frame failed, or it was closed here.</summary>
        void OnClosed(Exception reason);
    }
}
