# The published module (out/PSZookeeper) as Windows PowerShell 5.1 would load it. There is no
# Windows machine here, so what 5.1 needs is checked statically: .NET Framework binds a reference
# only to a file of an equal or higher version (the module's DependencyResolver answers when the
# versions differ), and PowerShell itself provides System.Management.Automation.
BeforeAll {
    $script:out = (Resolve-Path (Join-Path $PSScriptRoot '../../out/PSZookeeper')).Path
    # Provided by .NET Framework 4.7.2 (netstandard facade) or by PowerShell itself.
    $script:providedByHost = 'netstandard', 'mscorlib', 'System.Management.Automation'

    function script:Read-Assembly([string] $Path) {
        $stream = [IO.File]::OpenRead($Path)
        try {
            $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
            $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            $definition = $reader.GetAssemblyDefinition()
            $references = foreach ($handle in $reader.AssemblyReferences) {
                $reference = $reader.GetAssemblyReference($handle)
                [pscustomobject]@{ Name = $reader.GetString($reference.Name); Version = $reference.Version }
            }
            $framework = foreach ($handle in $reader.CustomAttributes) {
                $attribute = $reader.GetCustomAttribute($handle)
                # The attribute's type is defined elsewhere (mscorlib/netstandard): a member reference.
                if ($attribute.Constructor.Kind -ne 'MemberReference') { continue }
                $ctor = $reader.GetMemberReference([System.Reflection.Metadata.MemberReferenceHandle]::op_Explicit($attribute.Constructor))
                if ($ctor.Parent.Kind -ne 'TypeReference') { continue }
                $type = $reader.GetTypeReference([System.Reflection.Metadata.TypeReferenceHandle]::op_Explicit($ctor.Parent))
                if ($reader.GetString($type.Name) -eq 'TargetFrameworkAttribute') {
                    # The blob: prolog (2 bytes), then a length-prefixed UTF-8 string.
                    $blob = $reader.GetBlobReader($attribute.Value)
                    $null = $blob.ReadUInt16()
                    $blob.ReadSerializedString()
                }
            }
            [pscustomobject]@{
                File       = Split-Path $Path -Leaf
                Name       = $reader.GetString($definition.Name)
                Version    = $definition.Version
                References = @($references)
                Framework  = $framework
            }
        } finally { $stream.Dispose() }
    }
    $script:assemblies = @(Get-ChildItem $out -Filter *.dll | ForEach-Object { Read-Assembly $_.FullName })
}

Describe 'The published module for Windows PowerShell 5.1 and PowerShell 7' {
    It 'ships the module and its dependencies' {
        $assemblies.Name | Should -Contain 'PSZookeeper'
        $assemblies.Name | Should -Contain 'System.Text.Json'
        $assemblies.Name | Should -Contain 'System.Memory'
    }

    It 'ships every assembly that a shipped assembly references, at an equal or higher version' {
        $shipped = @{}
        foreach ($assembly in $assemblies) { $shipped[$assembly.Name] = $assembly.Version }
        $unsatisfied = foreach ($assembly in $assemblies) {
            foreach ($reference in $assembly.References) {
                if ($reference.Name -in $providedByHost) { continue }
                if (-not $shipped.ContainsKey($reference.Name) -or $shipped[$reference.Name] -lt $reference.Version) {
                    "$($assembly.File) needs $($reference.Name) $($reference.Version), shipped: $($shipped[$reference.Name])"
                }
            }
        }
        $unsatisfied | Should -BeNullOrEmpty
    }

    It 'builds its own assemblies for netstandard2.0, which .NET Framework 4.7.2 loads' {
        foreach ($name in 'PSZookeeper', 'PSZookeeper.Client', 'PSZookeeper.Framework', 'PSZookeeper.Recipes', 'PSZookeeper.Tasks') {
            ($assemblies | Where-Object Name -eq $name).Framework | Should -Be '.NETStandard,Version=v2.0'
        }
    }

    It 'does not ship System.Management.Automation, which PowerShell provides' {
        Test-Path (Join-Path $out 'System.Management.Automation.dll') | Should -BeFalse
    }

    It 'declares its dependency resolver as the assembly initializer PowerShell runs on import' {
        $module = Import-Module (Join-Path $PSScriptRoot '../../PSZookeeper.psd1') -Force -PassThru
        $resolver = $module.NestedModules.ImplementingAssembly + $module.ImplementingAssembly |
            Where-Object { $_ } | ForEach-Object { $_.GetType('PSZookeeper.Loading.DependencyResolver') } | Where-Object { $_ }
        $resolver | Should -Not -BeNullOrEmpty
        [System.Management.Automation.IModuleAssemblyInitializer].IsAssignableFrom($resolver) | Should -BeTrue
    }
}
