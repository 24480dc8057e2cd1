using System.Collections.ObjectModel;
using System.Management.Automation;

namespace PSZookeeper.Commands
{
    /// <summary>JSON through PowerShell's own ConvertTo-Json / ConvertFrom-Json (the same in 5.1 and 7).</summary>
    internal static class PSJson
    {
        public static string ToJson(PSCmdlet cmdlet, object value, int depth) => ToJson(cmdlet.InvokeCommand, value, depth);

        public static string ToJson(CommandInvocationIntrinsics invokeCommand, object value, int depth)
        {
            Collection<PSObject> result = invokeCommand.InvokeScript(
                "param($value, $depth) ConvertTo-Json -InputObject $value -Depth $depth -Compress", value, depth);
            return result.Count == 0 ? "null" : result[0].BaseObject.ToString() ?? "null";
        }

        public static object? FromJson(PSCmdlet cmdlet, string json)
        {
            Collection<PSObject> result = cmdlet.InvokeCommand.InvokeScript("param($json) ConvertFrom-Json -InputObject $json", json);
            if (result.Count == 0)
            {
                return null;
            }
            if (result.Count == 1)
            {
                return result[0];
            }
            var items = new object[result.Count];
            for (int i = 0; i < items.Length; i++)
            {
                items[i] = result[i];
            }
            return items;
        }
    }
}
