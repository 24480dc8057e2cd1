# docs/zkcli.md: every zkCli.sh 3.8 row, run against a real server with the PowerShell the table gives.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:server = Start-ZKTestServer
    $script:zk = Connect-Zookeeper -ComputerName $server.ConnectString -Name ZkCli
    $script:other = Connect-Zookeeper -ComputerName $server.ConnectString -Name Other
    New-PSDrive -Name zk -PSProvider ZooKeeper -Root / -Session $zk | Out-Null
}

AfterAll {
    Remove-PSDrive zk -ErrorAction Ignore
    Get-EventSubscriber | Unregister-Event -ErrorAction Ignore
    Get-Job | Remove-Job -Force -ErrorAction Ignore
    Disconnect-Zookeeper -All -ErrorAction Ignore
    $server | Stop-ZKTestServer
}

Describe 'zkCli <Command>' -ForEach @(
    @{ Command = 'connect / close / quit' }
) {
    It 'opens and closes sessions' {
        $s = Connect-Zookeeper -ComputerName $server.ConnectString -Name Transient
        $s.State | Should -Be 'Connected'
        New-PSDrive -Name zkt -PSProvider ZooKeeper -Root / -ComputerName $server.ConnectString | Out-Null
        Test-Path zkt:/zookeeper | Should -BeTrue
        Remove-PSDrive zkt
        Disconnect-Zookeeper -Session $s
        $s.State | Should -Be 'Closed'
    }
}

Describe 'zkCli rows' {
    BeforeEach { $p = New-TestPath 'zkcli' }

    It 'ls path' {
        New-ZKNode "$p/a" -Session $zk -Force | Out-Null
        New-ZKNode "$p/b" -Session $zk | Out-Null
        Get-ZKChildItem $p -Session $zk -Name | Sort-Object | Should -Be @('a', 'b')
        Get-ChildItem "zk:$p" -Name | Sort-Object | Should -Be @('a', 'b')
    }

    It 'ls -s path' {
        New-ZKNode "$p/a" -Session $zk -Force | Out-Null
        (Get-ZKNode $p -Session $zk).ChildCount | Should -Be 1
        (Get-Item "zk:$p").Stat.NumChildren | Should -Be 1
        (Get-ZKNode $p -Session $zk | Format-List | Out-String) | Should -Match 'ChildCount\s*:\s*1'
    }

    It 'ls -R path' {
        New-ZKNode "$p/a/b" -Session $zk -Force | Out-Null
        $names = Get-ZKChildItem $p -Session $zk -Recurse | ForEach-Object Path
        $names | Should -Contain "$p/a"
        $names | Should -Contain "$p/a/b"
        Get-ChildItem "zk:$p" -Recurse -Name | Should -Contain 'a'
    }

    It 'ls -w path' {
        New-ZKNode $p -Session $zk | Out-Null
        Register-ZKWatch $p -Children -Session $zk -SourceIdentifier LsW | Out-Null
        New-ZKNode "$p/kid" -Session $other | Out-Null
        $e = Wait-Event -SourceIdentifier LsW -Timeout 20
        $e.SourceEventArgs.Added | Should -Be 'kid'
        $e | Remove-Event
        Unregister-ZKWatch -SourceIdentifier LsW
    }

    It 'create path data' {
        New-ZKNode $p -Value 'data' -Session $zk | Out-Null
        New-Item "zk:$p-drive" -Value 'drive' | Out-Null
        (Get-ZKNode $p -Session $zk).Data | Should -Be 'data'
        (Get-ZKNode "$p-drive" -Session $zk).Data | Should -Be 'drive'
    }

    It 'create -e path data' {
        New-ZKNode $p -Value 'e' -Ephemeral -Session $zk | Out-Null
        New-Item "zk:$p-drive" -ItemType Ephemeral -Value 'e' | Out-Null
        (Get-ZKNode $p -Session $zk).EphemeralOwner | Should -Be $zk.SessionId
        (Get-ZKNode "$p-drive" -Session $zk).IsEphemeral | Should -BeTrue
    }

    It 'create -s path data' {
        New-ZKNode $p -Session $zk | Out-Null
        $first = New-ZKNode "$p/n-" -Value 'x' -Sequential -Session $zk
        $first.Name | Should -Be 'n-0000000000'
        (New-Item "zk:$p/n-" -ItemType Sequential -Value 'y').ZNodePath | Should -Be "$p/n-0000000001"
    }

    It 'create -c path' {
        New-ZKNode $p -Container -Session $zk | Out-Null
        New-Item "zk:$p-drive" -ItemType Container | Out-Null
        Test-ZKNode $p -Session $zk | Should -BeTrue
        Test-ZKNode "$p-drive" -Session $zk | Should -BeTrue
    }

    It 'create -t ttl path' {
        New-ZKNode $p -Ttl 60000 -Session $zk | Out-Null
        New-Item "zk:$p-drive" -Ttl 60000 | Out-Null
        Test-ZKNode $p -Session $zk | Should -BeTrue
        Test-ZKNode "$p-drive" -Session $zk | Should -BeTrue
    }

    It 'create path data acl' {
        New-ZKNode $p -Value 'ro' -Acl 'world:anyone:r' -Session $zk | Out-Null
        (Get-ZKAcl $p -Session $zk).Perms | Should -Be 'r'
        { Set-ZKNode $p 'no' -Session $zk -ErrorAction Stop } | Should -Throw -ErrorId 'NoAuth,*'
    }

    It 'get path' {
        New-ZKNode $p -Value 'hello' -Session $zk | Out-Null
        (Get-ZKNode $p -Session $zk).Data | Should -Be 'hello'
        Get-Content "zk:$p" | Should -Be 'hello'
        [Text.Encoding]::UTF8.GetString((Get-Content "zk:$p" -AsByteStream -Raw)) | Should -Be 'hello'
    }

    It 'get -s path' {
        New-ZKNode $p -Value 'hello' -Session $zk | Out-Null
        (Get-ZKNode $p -Session $zk | Format-List | Out-String) | Should -Match 'DataLength\s*:\s*5'
        (Get-Item "zk:$p" | Format-List | Out-String) | Should -Match 'hello'
    }

    It 'get -w path' {
        New-ZKNode $p -Value 'v1' -Session $zk | Out-Null
        Register-ZKWatch $p -Data -Session $zk -SourceIdentifier GetW | Out-Null
        Set-ZKNode $p 'v2' -Session $other
        (Wait-Event -SourceIdentifier GetW -Timeout 20).SourceEventArgs.Data | Should -Be 'v2'
        Unregister-ZKWatch -SourceIdentifier GetW
        Get-Event -SourceIdentifier GetW -ErrorAction Ignore | Remove-Event
        # The one-shot form, in another session: changes until it has seen one (it may arm after the first).
        $job = Start-ThreadJob { param($m, $cs, $path)
            Import-Module $m; $s = Connect-Zookeeper -ComputerName $cs
            Wait-ZKNode $path -Changed -Timeout 30 -Session $s; $s | Disconnect-Zookeeper } -ArgumentList $ModuleManifest, $server.ConnectString, $p
        $n = [ref]0
        Wait-Until { $n.Value++; Set-ZKNode $p "v$($n.Value)" -Session $other; $job.State -in 'Completed', 'Failed' } -TimeoutSeconds 40 | Should -BeTrue
        $job | Receive-Job | Should -BeTrue
    }

    It 'set path data' {
        New-ZKNode $p -Value 'a' -Session $zk | Out-Null
        Set-ZKNode $p 'b' -Session $zk
        (Get-ZKNode $p -Session $zk).Data | Should -Be 'b'
        Set-Content "zk:$p" 'c'
        (Get-ZKNode $p -Session $zk).Data | Should -Be 'c'
    }

    It 'set -v version path data' {
        New-ZKNode $p -Value 'a' -Session $zk | Out-Null
        Set-ZKNode $p 'b' -Version 0 -Session $zk
        { Set-ZKNode $p 'c' -Version 0 -Session $zk -ErrorAction Stop } | Should -Throw -ErrorId 'BadVersion,*'
    }

    It 'set -s path data' {
        New-ZKNode $p -Value 'a' -Session $zk | Out-Null
        (Set-ZKNode $p 'b' -PassThru -Session $zk).Version | Should -Be 1
    }

    It 'stat path' {
        New-ZKNode $p -Value 'abc' -Session $zk | Out-Null
        (Get-ZKNode $p -Session $zk).Stat.DataLength | Should -Be 3
        (Get-Item "zk:$p").Stat.DataLength | Should -Be 3
    }

    It 'stat -w path' {
        Register-ZKWatch $p -Exists -Session $zk -SourceIdentifier StatW | Out-Null
        New-ZKNode $p -Session $other | Out-Null
        (Wait-Event -SourceIdentifier StatW -Timeout 20).SourceEventArgs.EventType | Should -Be 'NodeCreated'
        Unregister-ZKWatch -SourceIdentifier StatW
        Get-Event -SourceIdentifier StatW -ErrorAction Ignore | Remove-Event
    }

    It 'delete path' {
        New-ZKNode $p -Session $zk | Out-Null
        New-ZKNode "$p-drive" -Session $zk | Out-Null
        Remove-ZKNode $p -Session $zk
        Remove-Item "zk:$p-drive"
        Test-ZKNode $p -Session $zk | Should -BeFalse
        Test-ZKNode "$p-drive" -Session $zk | Should -BeFalse
    }

    It 'delete -v version path' {
        New-ZKNode $p -Session $zk | Out-Null
        { Remove-ZKNode $p -Version 5 -Session $zk -ErrorAction Stop } | Should -Throw -ErrorId 'BadVersion,*'
        Remove-ZKNode $p -Version 0 -Session $zk
        Test-ZKNode $p -Session $zk | Should -BeFalse
    }

    It 'deleteall path' {
        New-ZKNode "$p/a/b" -Session $zk -Force | Out-Null
        New-ZKNode "$p-drive/a/b" -Session $zk -Force | Out-Null
        Remove-ZKNode $p -Recurse -Session $zk -Confirm:$false
        Remove-Item "zk:$p-drive" -Recurse -Confirm:$false
        Test-ZKNode $p -Session $zk | Should -BeFalse
        Test-ZKNode "$p-drive" -Session $zk | Should -BeFalse
    }

    It 'getAcl path' {
        New-ZKNode $p -Session $zk | Out-Null
        $acl = Get-ZKAcl $p -Session $zk
        "$($acl.Scheme):$($acl.Id):$($acl.Perms)" | Should -Be 'world:anyone:cdrwa'
    }

    It 'setAcl path acl' {
        New-ZKNode $p -Session $zk | Out-Null
        Set-ZKAcl $p -Acl 'world:anyone:cdra' -Session $zk
        (Get-ZKAcl $p -Session $zk).Perms | Should -Be 'cdra'
        { Set-ZKAcl $p -Acl 'world:anyone:r' -AclVersion 0 -Session $zk -ErrorAction Stop } | Should -Throw -ErrorId 'BadVersion,*'
    }

    It 'setAcl -R path acl' {
        New-ZKNode "$p/a/b" -Session $zk -Force | Out-Null
        Get-ZKNode $p -Recurse -Session $zk | Set-ZKAcl -Acl 'world:anyone:cdra' -Session $zk
        foreach ($path in $p, "$p/a", "$p/a/b") { (Get-ZKAcl $path -Session $zk).Perms | Should -Be 'cdra' }
    }

    It 'addauth digest user:pass' {
        $s = Connect-Zookeeper -ComputerName $server.ConnectString -Name Auth
        try {
            Add-ZKAuth -Scheme digest -Auth 'alice:secret' -Session $s
            Add-ZKAuth -Credential ([pscredential]::new('bob', (ConvertTo-SecureString 'pw' -AsPlainText -Force))) -Session $s -WarningAction SilentlyContinue
            (Get-ZKAuth -Session $s | Where-Object AuthScheme -eq 'digest').User | Sort-Object | Should -Be @('alice', 'bob')
        }
        finally { $s | Disconnect-Zookeeper }
    }

    It 'whoami' {
        (Get-ZKAuth -Session $zk).AuthScheme | Should -Contain 'ip'
    }

    It 'getEphemerals [path]' {
        New-ZKNode $p -Session $zk | Out-Null
        New-ZKNode "$p/e" -Ephemeral -Session $zk | Out-Null
        Get-ZKEphemeral $p -Session $zk | Should -Be "$p/e"
        Get-ZKEphemeral -Session $zk | Should -Contain "$p/e"
    }

    It 'getAllChildrenNumber path' {
        New-ZKNode "$p/a/b" -Session $zk -Force | Out-Null
        New-ZKNode "$p/c" -Session $zk | Out-Null
        (Measure-ZKNode $p -Session $zk).Descendants | Should -Be 3
    }

    It 'sync path' {
        New-ZKNode $p -Value 'x' -Session $other | Out-Null
        Sync-ZKNode $p -Session $zk
        (Get-ZKNode $p -Session $zk).Data | Should -Be 'x'
    }

    It 'addWatch -m persistent path' {
        New-ZKNode $p -Value 'a' -Session $zk | Out-Null
        Register-ZKWatch $p -Data -Session $zk -SourceIdentifier AddWP | Out-Null
        Set-ZKNode $p 'b' -Session $other
        Set-ZKNode $p 'c' -Session $other
        (Wait-Event -SourceIdentifier AddWP -Timeout 20) | Remove-Event
        # Persistent: the second change is reported too, with no re-arming.
        (Wait-Event -SourceIdentifier AddWP -Timeout 20).SourceEventArgs.Data | Should -Be 'c'
        Unregister-ZKWatch -SourceIdentifier AddWP
        Get-Event -SourceIdentifier AddWP -ErrorAction Ignore | Remove-Event
    }

    It 'addWatch path (persistent_recursive)' {
        New-ZKNode $p -Session $zk | Out-Null
        Register-ZKWatch $p -Recursive -Session $zk -SourceIdentifier AddWR | Out-Null
        New-ZKNode "$p/a" -Session $other | Out-Null
        New-ZKNode "$p/a/b" -Session $other | Out-Null
        $paths = foreach ($i in 1..2) {
            $e = Wait-Event -SourceIdentifier AddWR -Timeout 20
            $e.SourceEventArgs.Path
            $e | Remove-Event
        }
        $paths | Should -Be @("$p/a", "$p/a/b")
        Unregister-ZKWatch -SourceIdentifier AddWR
    }

    It 'removewatches path' {
        New-ZKNode $p -Session $zk | Out-Null
        Register-ZKWatch $p -Data -Session $zk -SourceIdentifier RmW | Out-Null
        Unregister-ZKWatch -Path $p
        Get-EventSubscriber -SourceIdentifier RmW -ErrorAction Ignore | Should -BeNullOrEmpty
        $zk.Watchers.Path | Should -Not -Contain $p
    }

    It 'printwatches on / off' {
        New-ZKNode $p -Session $zk | Out-Null
        $global:printed = @()
        Register-ZKWatch $p -Data -Session $zk -Action { $global:printed += "$($EventArgs)" } | Out-Null
        Set-ZKNode $p 'x' -Session $other
        Wait-Until { $global:printed.Count -ge 1 } | Should -BeTrue
        $global:printed[0] | Should -Be "NodeDataChanged $p"
        Unregister-ZKWatch -Path $p
        $zk.Watchers.Path | Should -Not -Contain $p
    }

    It 'config' {
        Test-ZKNode /zookeeper/config -Session $zk | Should -BeTrue
        # A standalone server's config node is empty; an ensemble's lists its members.
        "$((Get-ZKNode /zookeeper/config -Session $zk).Data)" | Should -Be "$(Get-Content zk:/zookeeper/config -Raw)"
    }

    It 'reconfig (not available)' {
        # The table says the module has no dynamic reconfiguration; keep it true.
        Get-Command -Module PSZookeeper | Where-Object Name -match 'Reconfig' | Should -BeNullOrEmpty
    }

    It 'setquota -n count path / listquota path / delquota path' {
        New-ZKNode $p -Session $zk | Out-Null
        $q = "/zookeeper/quota$p"
        New-ZKNode "$q/zookeeper_limits" -Value 'count=10,bytes=-1' -Force -Session $zk | Out-Null
        New-ZKNode "$q/zookeeper_stats" -Value 'count=1,bytes=0' -Session $zk | Out-Null
        New-ZKNode "$p/child" -Value 'abcd' -Session $other | Out-Null
        # The server keeps the stats of a quota'd path: the child is counted.
        $listed = Get-ZKChildItem $q -Session $zk | Select-Object Name, Data
        ($listed | Where-Object Name -eq 'zookeeper_limits').Data | Should -Be 'count=10,bytes=-1'
        ($listed | Where-Object Name -eq 'zookeeper_stats').Data | Should -Be 'count=2,bytes=4'
        (Get-ChildItem "zk:$q" -Name | Sort-Object) | Should -Be @('zookeeper_limits', 'zookeeper_stats')
        Remove-ZKNode $q -Recurse -Session $zk -Confirm:$false
        Test-ZKNode $q -Session $zk | Should -BeFalse
    }

    It 'version' {
        (Get-Module PSZookeeper).Version | Should -Not -BeNullOrEmpty
        Get-ZKServerStat -Session $zk -Command srvr -Raw | Should -Match 'Zookeeper version: 3\.8'
    }

    It 'history / redo n' {
        # PowerShell's own history: Get-History and Invoke-History, run here in a runspace of its own.
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddScript('Get-Command Get-History, Invoke-History | ForEach-Object Name')
            $ps.Invoke() | Should -Be @('Get-History', 'Invoke-History')
        }
        finally { $ps.Dispose() }
    }
}
