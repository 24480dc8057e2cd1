using System;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;

namespace PSZookeeper.Commands
{
    /// <summary>Lets a certificate parameter take file paths (PEM or DER, resolved against the current location) as well as certificate objects.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class CertificateFileAttribute : ArgumentTransformationAttribute
    {
        /// <inheritdoc/>
        public override object? Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? input = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (input is object[] items)
            {
                return Array.ConvertAll(items, item => (X509Certificate2)Transform(engineIntrinsics, item)!);
            }
            if (input is System.IO.FileInfo fileInfo)
            {
                input = fileInfo.FullName;
            }
            if (input is string path)
            {
                string file = engineIntrinsics.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                try
                {
                    return new X509Certificate2(file);
                }
                catch (System.Security.Cryptography.CryptographicException ex)
                {
                    throw new ArgumentTransformationMetadataException($"Cannot read a certificate from {file}: {ex.Message}", ex);
                }
            }
            return input;
        }
    }
}
