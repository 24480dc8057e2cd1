using System.Management.Automation;
using System.Management.Automation.Provider;
using PSZookeeper.Client;

namespace PSZookeeper.Provider
{
    /// <summary>Get-Content, Set-Content, Add-Content and Clear-Content: text by default, bytes with -AsByteStream or -Encoding Byte.</summary>
    public sealed partial class ZooKeeperProvider
    {
        public IContentReader GetContentReader(string path)
        {
            var parameters = DynamicParameters as ZKContentReaderParameters ?? new ZKContentReaderParameters();
            ZKLocation at = Locate(path);
            NodeData node = Await(at.Client.GetDataAsync(at.ZNode));
            return new ZKContentReader(node.Data, parameters.Bytes, parameters.Raw);
        }

        public object GetContentReaderDynamicParameters(string path) => new ZKContentReaderParameters();

        public IContentWriter GetContentWriter(string path)
        {
            var parameters = DynamicParameters as ZKContentParameters ?? new ZKContentParameters();
            ZKLocation at = Locate(path);
            return new ZKContentWriter(at.Client, at.ZNode, parameters.Bytes);
        }

        public object GetContentWriterDynamicParameters(string path) => new ZKContentParameters();

        /// <summary>Clear-Content leaves the node with empty data (zero bytes), as it leaves a file.</summary>
        public void ClearContent(string path)
        {
            ZKLocation at = Locate(path);
            if (Await(at.Client.ExistsAsync(at.ZNode)) == null)
            {
                // Set-Content clears first and ignores this for a node it is about to create.
                throw new ItemNotFoundException($"Cannot find znode '{at.ZNode}' because it does not exist.");
            }
            if (ShouldProcess(at.ZNode, "Clear znode data"))
            {
                Await(at.Client.SetDataAsync(at.ZNode, new byte[0]));
            }
        }

        public object? ClearContentDynamicParameters(string path) => null;
    }
}
