using System;
using System.IO;
using System.Reflection;
using PSZookeeper.Loading;
using Xunit;

namespace PSZookeeper.Tests.Unit
{
    /// <summary>Which shipped file answers a failed bind, as Windows PowerShell 5.1 would ask.</summary>
    public sealed class DependencyResolverTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("pszk-resolve-").FullName;
        private readonly Version _shipped;

        public DependencyResolverTests()
        {
            string source = typeof(PSZookeeper.Client.ZooKeeperClient).Assembly.Location;
            File.Copy(source, Path.Combine(_folder, "PSZookeeper.Client.dll"));
            _shipped = AssemblyName.GetAssemblyName(source).Version!;
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public void AnOlderOrEqualRequestIsAnsweredWithTheShippedFile()
        {
            string expected = Path.Combine(_folder, "PSZookeeper.Client.dll");
            Assert.Equal(expected, DependencyResolver.ShippedFileFor(_folder, new AssemblyName("PSZookeeper.Client, Version=0.0.0.1")));
            Assert.Equal(expected, DependencyResolver.ShippedFileFor(_folder, new AssemblyName($"PSZookeeper.Client, Version={_shipped}")));
        }

        [Fact]
        public void ANewerRequestIsNotAnswered()
        {
            var newer = new Version(_shipped.Major + 1, 0, 0, 0);
            Assert.Null(DependencyResolver.ShippedFileFor(_folder, new AssemblyName($"PSZookeeper.Client, Version={newer}")));
        }

        [Fact]
        public void AnAssemblyTheModuleDoesNotShipIsNotAnswered()
        {
            Assert.Null(DependencyResolver.ShippedFileFor(_folder, new AssemblyName("Some.Other.Library, Version=1.0.0.0")));
        }
    }
}
