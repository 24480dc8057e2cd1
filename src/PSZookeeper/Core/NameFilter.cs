using System.Linq;
using System.Management.Automation;

namespace PSZookeeper.Core
{
    /// <summary>A -Name style filter: PowerShell wildcard patterns, case-insensitive, as Get-Process -Name matches.</summary>
    internal static class NameFilter
    {
        /// <summary>True when no patterns are given, or <paramref name="name"/> matches one of them.</summary>
        public static bool Matches(string[]? patterns, string? name) =>
            patterns == null || (name != null && patterns.Any(p => new WildcardPattern(p, WildcardOptions.IgnoreCase).IsMatch(name)));
    }
}
