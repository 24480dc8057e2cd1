# The module's public shape: one cmdlet base, -Session bound one way, and only cmdlets, what
# they output and what PowerShell itself needs are public.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:assembly = (Get-Command Get-ZKNode).ImplementingType.Assembly
    $script:cmdlets = Get-Command -Module PSZookeeper -CommandType Cmdlet
}

Describe 'The cmdlets' {
    It 'all derive from the one base, ZKCmdletBase' {
        $base = $assembly.GetType('PSZookeeper.Commands.ZKCmdletBase')
        $base | Should -Not -BeNullOrEmpty
        $outside = $cmdlets | Where-Object { -not $base.IsAssignableFrom($_.ImplementingType) } | ForEach-Object Name
        $outside | Should -BeNullOrEmpty
    }

    It 'bind -Session one way: from the pipeline by value and by property name, with the aliases ZKClient and Client' {
        $withSession = @($cmdlets | Where-Object { $_.Parameters.ContainsKey('Session') })
        $withSession.Count | Should -BeGreaterThan 30
        $different = foreach ($cmdlet in $withSession) {
            $parameter = $cmdlet.Parameters['Session']
            foreach ($set in $parameter.ParameterSets.Values) {
                if (-not $set.ValueFromPipeline -or -not $set.ValueFromPipelineByPropertyName) { "$($cmdlet.Name): pipeline binding" }
            }
            if ((@($parameter.Aliases) | Sort-Object) -join ',' -ne 'Client,ZKClient') { "$($cmdlet.Name): aliases $($parameter.Aliases -join ',')" }
        }
        $different | Should -BeNullOrEmpty
    }

    It 'name their data parameter InputObject, with the aliases Value, Data and InputText' {
        foreach ($name in 'New-ZKNode', 'New-ZKEphemeralNode', 'New-ZKSequentialNodeData', 'Set-ZKNode') {
            $parameter = (Get-Command $name).Parameters['InputObject']
            $parameter | Should -Not -BeNullOrEmpty -Because $name
            (@($parameter.Aliases) | Sort-Object) -join ',' | Should -Be 'Data,InputText,Value' -Because $name
        }
    }
}

Describe 'The public types' {
    It 'are the cmdlets, the types they output, the types those carry, and what PowerShell needs' {
        $exported = $assembly.GetExportedTypes()
        $allowed = [System.Collections.Generic.HashSet[type]]::new()
        foreach ($cmdlet in $cmdlets) {
            for ($t = $cmdlet.ImplementingType; $t -and $t.Assembly -eq $assembly; $t = $t.BaseType) { $null = $allowed.Add($t) }
            foreach ($output in $cmdlet.OutputType) { if ($output.Type) { $null = $allowed.Add($output.Type) } }
        }
        # What outputs carry: the types of their public properties (an enum, a watch's event args).
        foreach ($type in @($allowed)) {
            foreach ($property in $type.GetProperties()) {
                $carried = $property.PropertyType
                if ([Nullable]::GetUnderlyingType($carried)) { $carried = [Nullable]::GetUnderlyingType($carried) }
                if ($carried.Assembly -eq $assembly) { $null = $allowed.Add($carried) }
            }
        }
        # What PowerShell events carry ($Event.SourceArgs): a cache's changes.
        $null = $allowed.Add([PSZookeeper.ZKCacheChange])
        # PowerShell's own needs: the provider, its drive and dynamic parameters, the module
        # initializer and the argument completer.
        $needed = $exported | Where-Object {
            $_.Namespace -eq 'PSZookeeper.Provider' -or
            [System.Management.Automation.IModuleAssemblyInitializer].IsAssignableFrom($_) -or
            [System.Management.Automation.IArgumentCompleter].IsAssignableFrom($_)
        }
        foreach ($type in $needed) { $null = $allowed.Add($type) }
        $exported | Where-Object { -not $allowed.Contains($_) } | ForEach-Object FullName | Should -BeNullOrEmpty
    }
}
