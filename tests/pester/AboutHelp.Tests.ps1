# The about_PSZookeeper topic: shipped with the module, found by Get-Help, and true about the cmdlets it names.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'about_PSZookeeper' {
    It 'is found by Get-Help' {
        $help = Get-Help about_PSZookeeper
        $help.Category | Should -Be 'HelpFile'
        ($help | Out-String) | Should -Match 'SHORT DESCRIPTION'
    }

    It 'names only cmdlets the module exports' {
        $text = Get-Help about_PSZookeeper | Out-String
        $named = [regex]::Matches($text, '\b[A-Z][a-z]+-(ZK[A-Za-z]+|Zookeeper)\b') | ForEach-Object Value | Sort-Object -Unique
        $named.Count | Should -BeGreaterThan 20
        $exported = (Get-Command -Module PSZookeeper).Name
        foreach ($name in $named) { $exported | Should -Contain $name }
    }
}
