# Every core cmdlet has help (synopsis, parameters, examples) and every example runs against a real server.
BeforeDiscovery {
    $spec = Get-Content (Join-Path $PSScriptRoot '../../src/PSZookeeper/Help/help-spec.json') -Raw | ConvertFrom-Json
    $script:helpCases = foreach ($name in $spec.PSObject.Properties.Name) { @{ Name = $name } }
    # Examples that need a running farm (or run until Ctrl+C) are exercised by the test file named in examplesCoveredBy.
    $script:exampleCases = foreach ($name in $spec.PSObject.Properties.Name | Where-Object { -not $spec.$_.examplesCoveredBy }) {
        $i = 0
        foreach ($example in $spec.$name.examples) { $i++; @{ Name = $name; Index = $i; Code = $example[0] } }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:server = Start-ZKTestServer
}

AfterAll {
    Get-EventSubscriber | Unregister-Event -ErrorAction Ignore
    Get-Job | Remove-Job -Force -ErrorAction Ignore
    Disconnect-Zookeeper -All -ErrorAction Ignore
    $server | Stop-ZKTestServer
}

Describe 'Help for <Name>' -ForEach $helpCases {
    It 'has a synopsis, a description, parameter texts and examples' {
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -Match "^\s*$Name \["
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.description.Text | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterThan 0
        $command = Get-Command $Name
        $documented = @($help.parameters.parameter.name)
        foreach ($parameter in $command.Parameters.Keys) {
            if ([System.Management.Automation.PSCmdlet]::CommonParameters -contains $parameter -or
                [System.Management.Automation.PSCmdlet]::OptionalCommonParameters -contains $parameter) { continue }
            $documented | Should -Contain $parameter
        }
    }
}

Describe 'Example <Index> of <Name> runs' -ForEach $exampleCases {
    BeforeAll {
        Connect-Zookeeper -ComputerName $server.ConnectString -Name Examples | Out-Null
    }
    AfterAll {
        Unregister-ZKWatch -All -ErrorAction Ignore
        Get-Job | Remove-Job -Force -ErrorAction Ignore
        Disconnect-Zookeeper -All -ErrorAction Ignore
    }
    It 'runs without errors' {
        $code = $Code.Replace('127.0.0.1:2181', $server.ConnectString)
        $Error.Clear()
        $block = [scriptblock]::Create($code)
        { . $block | Out-Null } | Should -Not -Throw
        $Error | Where-Object { $_.FullyQualifiedErrorId -notlike 'NodeExists*' } | Should -BeNullOrEmpty
    }
}
