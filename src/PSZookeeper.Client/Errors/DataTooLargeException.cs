using System;

namespace PSZookeeper.Client.Errors
{
    /// <summary>Data over the client's limit (by default the server's jute.maxbuffer), refused before anything is sent.</summary>
    public sealed class DataTooLargeException : ArgumentException
    {
        /// <summary>Creates the exception.</summary>
        public DataTooLargeException(string path, int length, int limit)
            : base($"Data for '{path}' is {length} bytes; the limit is {limit} bytes (ZooKeeperClientOptions.MaxDataLength, normally the server's jute.maxbuffer).", "data")
        {
            Path = path;
            Length = length;
            Limit = limit;
        }

        /// <summary>The node the data was for.</summary>
        public string Path { get; }

        /// <summary>The data's length in bytes.</summary>
        public int Length { get; }

        /// <summary>The limit in force.</summary>
        public int Limit { get; }
    }
}
