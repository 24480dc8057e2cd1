using System;
using System.Collections.Generic;
using System.Linq;

namespace PSZookeeper.Tasks
{
    /// <summary>Worker labels and task requirements: short names, compared without regard to case.</summary>
    public static class TaskLabels
    {
        /// <summary>The labels trimmed, lower-cased, distinct and sorted; throws on an empty label or one with a comma or a slash.</summary>
        /// <exception cref="ArgumentException">A label is empty or holds a comma or a slash.</exception>
        public static IReadOnlyList<string> Normalize(IEnumerable<string>? labels, string parameterName)
        {
            var result = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string label in labels ?? Enumerable.Empty<string>())
            {
                string trimmed = (label ?? string.Empty).Trim();
                if (trimmed.Length == 0 || trimmed.IndexOfAny(new[] { ',', '/' }) >= 0)
                {
                    throw new ArgumentException($"'{label}' is not a label: labels are non-empty names without commas or slashes.", parameterName);
                }
                result.Add(trimmed.ToLowerInvariant());
            }
            return result.ToList();
        }
    }
}
