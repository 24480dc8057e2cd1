# Who the server thinks a session is, adding credentials, and the server's own subtree count.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:server = Start-ZKTestServer
    $script:session = Connect-Zookeeper -ComputerName $server.ConnectString -Name AuthTests -PassThru
    $script:credential = [pscredential]::new('alice', (ConvertTo-SecureString 'wonder land' -AsPlainText -Force))
}

AfterAll {
    Disconnect-Zookeeper -All -ErrorAction Ignore
    $server | Stop-ZKTestServer
}

Describe 'Get-ZKAuth and Add-ZKAuth' {
    It 'knows a fresh session by its address only' {
        $identities = @(Get-ZKAuth -Session $session)
        $identities.Count | Should -Be 1
        $identities[0].AuthScheme | Should -Be 'ip'
        $identities[0].User | Should -Be '127.0.0.1'
    }

    It 'adds a digest identity that the server then checks ACLs against' {
        $path = New-TestPath 'auth'
        $other = Connect-Zookeeper -ComputerName $server.ConnectString -Name AuthOther -PassThru
        Add-ZKAuth -Session $other -Credential $credential -PassThru | Where-Object AuthScheme -eq 'digest' |
            Select-Object -ExpandProperty User | Should -Be 'alice'
        New-ZKNode -Session $other -Path $path -Value 'for alice only' -Acl 'auth::cdrwa' | Out-Null
        { Get-ZKNode -Session $session -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'NoAuth*'
        Add-ZKAuth -Session $session -Credential $credential
        (Get-ZKNode -Session $session -Path $path).Data | Should -Be 'for alice only'
        $other | Disconnect-Zookeeper
    }

    It 'refuses a scheme the server has no provider for, with the server''s error' {
        $probe = Connect-Zookeeper -ComputerName $server.ConnectString -Name AuthProbe -PassThru
        { Add-ZKAuth -Session $probe -Scheme 'nosuchscheme' -Auth 'x' -ErrorAction Stop } | Should -Throw -ErrorId 'AuthFailed*'
        $probe | Disconnect-Zookeeper -ErrorAction Ignore
    }
}

Describe 'Measure-ZKNode' {
    It 'counts direct children and every descendant' {
        $path = New-TestPath 'count'
        foreach ($child in 'a/x', 'a/y/z', 'b') { New-ZKNode -Session $session -Path "$path/$child" -Force | Out-Null }
        $count = Measure-ZKNode -Session $session -Path $path
        $count.Path | Should -Be $path
        $count.Children | Should -Be 2
        $count.Descendants | Should -Be 5   # a, a/x, a/y, a/y/z, b
    }

    It 'writes a NoNode error for a missing path' {
        { Measure-ZKNode -Session $session -Path '/no-such-node-here' -ErrorAction Stop } | Should -Throw -ErrorId 'NoNode*'
    }
}
