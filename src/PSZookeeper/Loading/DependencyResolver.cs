using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace PSZookeeper.Loading
{
    /// <summary>
    /// Loads the module's own dependencies (System.Memory, System.Text.Json, ...) from the module's
    /// folder when the runtime cannot bind them itself.
    /// </summary>
    /// <remarks>
    /// Why: the module targets netstandard2.0 so Windows PowerShell 5.1 can load it. On .NET
    /// Framework, an assembly that references System.Memory 4.0.1.2 does not bind to the shipped
    /// System.Memory 4.0.2.0 without a binding redirect, and powershell.exe has no redirects for
    /// modules. The runtime then raises AssemblyResolve, and this answers with the shipped file when
    /// its version is equal or higher. On PowerShell 7 the runtime binds these itself and the handler
    /// is never asked. PowerShell runs <see cref="OnImport"/> when the module is imported, before any
    /// cmdlet runs.
    /// </remarks>
    public sealed class DependencyResolver : IModuleAssemblyInitializer
    {
        private static readonly object Gate = new object();
        private static bool _installed;

        /// <summary>Installs the resolve handler once per process.</summary>
        public void OnImport()
        {
            lock (Gate)
            {
                if (_installed)
                {
                    return;
                }
                string folder = Path.GetDirectoryName(typeof(DependencyResolver).Assembly.Location) ?? string.Empty;
                AppDomain.CurrentDomain.AssemblyResolve += (_, args) => Resolve(folder, new AssemblyName(args.Name));
                _installed = true;
            }
        }

        private static Assembly? Resolve(string folder, AssemblyName requested)
        {
            string? file = ShippedFileFor(folder, requested);
            return file == null ? null : Assembly.LoadFrom(file);
        }

        /// <summary>
        /// The file in <paramref name="folder"/> that satisfies <paramref name="requested"/>: same
        /// simple name, version equal or higher. Null when there is none (the request is not ours).
        /// </summary>
        internal static string? ShippedFileFor(string folder, AssemblyName requested)
        {
            if (string.IsNullOrEmpty(requested.Name))
            {
                return null;
            }
            string candidate = Path.Combine(folder, requested.Name + ".dll");
            if (!File.Exists(candidate))
            {
                return null;
            }
            Version? shipped = AssemblyName.GetAssemblyName(candidate).Version;
            bool satisfies = requested.Version == null || (shipped != null && shipped >= requested.Version);
            return satisfies ? candidate : null;
        }
    }
}
