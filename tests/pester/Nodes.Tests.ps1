# Znode cmdlets against a real server.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:server = Start-ZKTestServer
    $script:session = Connect-Zookeeper -ComputerName $server.ConnectString -Name Nodes
}

AfterAll {
    Disconnect-Zookeeper -All -ErrorAction Ignore
    $server | Stop-ZKTestServer
}

Describe 'New-ZKNode' {
    It 'creates a node with UTF-8 text that round-trips any Unicode character' {
        $p = New-TestPath
        $text = "héllo ✓ 𝄞 日本語 `u{1F600}"
        $node = New-ZKNode -Path $p -Value $text
        $node.Path | Should -Be $p
        $node.Version | Should -Be 0
        (Get-ZKNode $p).Data | Should -BeExactly $text
        (Get-ZKNode $p -AsByteArray).Data | Should -Be ([Text.Encoding]::UTF8.GetBytes($text))
    }
    It 'takes the session from the pipeline ($zkclient | New-ZKNode)' {
        $p = New-TestPath
        $zkclient | New-ZKNode -Path $p | Out-Null
        Test-ZKNode $p | Should -BeTrue
        (Get-ZKNode $p).Data | Should -BeNullOrEmpty
    }
    It 'creates ephemeral, sequential, container and TTL nodes' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        (New-ZKNode "$p/e" -Ephemeral).IsEphemeral | Should -BeTrue
        (New-ZKNode "$p/s-" -Sequential).Path | Should -Match '/s-\d{10}$'
        (New-ZKNode "$p/es-" -Ephemeral -Sequential).IsEphemeral | Should -BeTrue
        New-ZKNode "$p/c" -Container | Out-Null
        New-ZKNode "$p/t" -Ttl 60000 | Out-Null
        (Get-ZKChildItem $p -Name).Count | Should -Be 5
    }
    It 'rejects impossible combinations' {
        { New-ZKNode (New-TestPath) -Container -Ephemeral -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument,PSZookeeper.Commands.NewZKNodeCommand'
    }
    It 'fails with ResourceExists for an existing node and ObjectNotFound for a missing parent' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        { New-ZKNode $p -ErrorAction Stop } | Should -Throw -ErrorId 'NodeExists,PSZookeeper.Commands.NewZKNodeCommand'
        $err = $null
        New-ZKNode "$p/x/y" -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NoNode,*'
    }
    It '-Force creates the missing parents' {
        $p = New-TestPath
        New-ZKNode "$p/a/b/c" -Value 'deep' -Force | Out-Null
        (Get-ZKNode "$p/a/b/c").Data | Should -Be 'deep'
    }
    It 'stores objects as JSON and bytes as bytes' {
        $p = New-TestPath
        [pscustomobject]@{ Name = 'x'; Count = 3 } | New-ZKNode -Path $p | Out-Null
        $obj = (Get-ZKNode $p -AsJson).Data
        $obj.Name | Should -Be 'x'
        $obj.Count | Should -Be 3
        $b = New-TestPath
        New-ZKNode $b -Value ([byte[]](0, 1, 255)) | Out-Null
        (Get-ZKNode $b -AsByteArray).Data | Should -Be ([byte[]](0, 1, 255))
    }
    It 'sets an ACL at creation' {
        $p = New-TestPath
        New-ZKNode $p -Acl 'world:anyone:r' | Out-Null
        (Get-ZKAcl $p).Perms | Should -Be 'r'
    }
    It 'supports -WhatIf' {
        $p = New-TestPath
        New-ZKNode $p -WhatIf
        Test-ZKNode $p | Should -BeFalse
    }
}

Describe 'New-ZKEphemeralNode and New-ZKSequentialNodeData' {
    It 'creates an ephemeral node, creating parents' {
        $p = New-TestPath
        $n = $zkclient | New-ZKEphemeralNode -Path "$p/workers/w1"
        $n.IsEphemeral | Should -BeTrue
        (Get-ZKNode $p).IsEphemeral | Should -BeFalse
    }
    It 'queues data in sequential nodes, also under the alias New-SequentialNodeData' {
        $p = New-TestPath
        $a = $zkclient | New-ZKSequentialNodeData -Path "$p/task-" -InputText 'one'
        $b = $zkclient | New-SequentialNodeData -Path "$p/task-" -InputText 'two'
        $a.Path | Should -Be "$p/task-0000000000"
        $b.Path | Should -Be "$p/task-0000000001"
        (Get-ZKNode $b.Path).Data | Should -Be 'two'
    }
}

Describe 'Get-ZKNode and Get-ZKChildItem' {
    BeforeAll {
        $script:tree = New-TestPath 'tree'
        New-ZKNode $tree -Value 'root' | Out-Null
        'a', 'b' | ForEach-Object { New-ZKNode "$tree/$_" -Value $_ | Out-Null }
        New-ZKNode "$tree/a/x" -Value 'ax' | Out-Null
        New-ZKNode "$tree/a/x/deep" | Out-Null
    }
    It 'returns data and Stat as one object with DateTime times' {
        $n = Get-ZKNode $tree
        $n.Data | Should -Be 'root'
        $n.ChildCount | Should -Be 2
        $n.Created | Should -BeOfType [DateTime]
        $n.Stat.Version | Should -Be 0
        $n.Session | Should -Be $session
    }
    It 'walks the tree with -Recurse and limits it with -Depth' {
        (Get-ZKNode $tree -Recurse).Path | Should -Be @($tree, "$tree/a", "$tree/b", "$tree/a/x", "$tree/a/x/deep")
        (Get-ZKNode $tree -Depth 1).Count | Should -Be 3
    }
    It 'lists children as nodes, names, or recursively' {
        (Get-ZKChildItem $tree).Path | Should -Be @("$tree/a", "$tree/b")
        Get-ZKChildItem $tree -Name | Should -Be @('a', 'b')
        Get-ZKChildItem $tree -Recurse -Name | Should -Be @('a', 'b', 'a/x', 'a/x/deep')
        (Get-ZKChildItem $tree -Depth 2).Count | Should -Be 3
    }
    It 'writes ObjectNotFound for a missing node' {
        { Get-ZKNode '/does-not-exist' -ErrorAction Stop } | Should -Throw -ErrorId 'NoNode,PSZookeeper.Commands.GetZKNodeCommand'
    }
    It 'rejects invalid paths with InvalidPath' {
        { Get-ZKNode 'no-slash' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidPath,PSZookeeper.Commands.GetZKNodeCommand'
    }
    It 'formats nodes with a data preview' {
        $text = Get-ZKNode $tree | Format-Table | Out-String
        $text | Should -Match 'Version'
        $text | Should -Match 'root'
    }
}

Describe 'Set-ZKNode' {
    It 'sets data and takes the version from a piped node' {
        $p = New-TestPath
        New-ZKNode $p -Value 'v0' | Out-Null
        $n = Get-ZKNode $p
        $n | Set-ZKNode -Value 'v1'
        (Get-ZKNode $p).Data | Should -Be 'v1'
        { $n | Set-ZKNode -Value 'stale' -ErrorAction Stop } | Should -Throw -ErrorId 'BadVersion,PSZookeeper.Commands.SetZKNodeCommand'
        $n | Set-ZKNode -Value 'forced' -Force
        (Get-ZKNode $p).Data | Should -Be 'forced'
    }
    It 'checks -Version and returns the node with -PassThru' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        (Set-ZKNode $p -Value 'x' -Version 0 -PassThru).Version | Should -Be 1
        { Set-ZKNode $p -Value 'y' -Version 0 -ErrorAction Stop } | Should -Throw -ErrorId 'BadVersion,*'
    }
    It 'serializes piped objects as JSON' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        @{ a = 1 } | Set-ZKNode -Path $p -AsJson
        (Get-ZKNode $p -AsJson).Data.a | Should -Be 1
    }
    It 'supports -WhatIf' {
        $p = New-TestPath
        New-ZKNode $p -Value 'keep' | Out-Null
        Set-ZKNode $p -Value 'changed' -WhatIf
        (Get-ZKNode $p).Data | Should -Be 'keep'
    }
}

Describe 'Remove-ZKNode and Test-ZKNode' {
    It 'removes a node, checking the version' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        { Remove-ZKNode $p -Version 5 -ErrorAction Stop } | Should -Throw -ErrorId 'BadVersion,*'
        Remove-ZKNode $p -Version 0
        Test-ZKNode $p | Should -BeFalse
    }
    It 'refuses a node with children unless -Recurse' {
        $p = New-TestPath
        New-ZKNode "$p/child" -Force | Out-Null
        { Remove-ZKNode $p -ErrorAction Stop } | Should -Throw -ErrorId 'NotEmpty,*'
        Remove-ZKNode $p -Recurse -Confirm:$false
        Test-ZKNode $p | Should -BeFalse
    }
    It 'removes a large tree with -Recurse' {
        $p = New-TestPath 'big'
        New-ZKNode $p | Out-Null
        $tasks = foreach ($i in 1..600) { $session.Client.CreateAsync("$p/n$i", $null, $null, 'Persistent', 0) }
        [Threading.Tasks.Task]::WaitAll([Threading.Tasks.Task[]]$tasks)
        $ps = Invoke-ZKScript "Remove-ZKNode '$p' -Recurse -Force"
        $ps.Streams.Error | Should -BeNullOrEmpty
        $removing = @($ps.Streams.Progress | Where-Object Activity -eq "Removing $p")
        $removing.Count | Should -BeGreaterThan 1
        $removing[-1].RecordType | Should -Be 'Completed'
        $ps.Dispose()
        Test-ZKNode $p | Should -BeFalse
    }
    It 'supports -WhatIf and accepts piped nodes' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        Remove-ZKNode $p -WhatIf
        Test-ZKNode $p | Should -BeTrue
        Get-ZKNode $p | Remove-ZKNode
        Test-ZKNode $p | Should -BeFalse
    }
    It 'asks before a recursive delete (High impact) unless -Force, -Confirm:$false or $ConfirmPreference None' {
        $p = New-TestPath
        New-ZKNode "$p/child" -Force | Out-Null
        # A runspace without a user interface cannot answer a prompt: the prompt shows as an error.
        $ps = Invoke-ZKScript "Remove-ZKNode '$p' -Recurse"
        $ps.Streams.Error[0].Exception | Should -BeOfType [System.Management.Automation.Host.HostException]
        $ps.Dispose()
        Test-ZKNode "$p/child" | Should -BeTrue
        Remove-ZKNode $p -Recurse -WhatIf
        Test-ZKNode "$p/child" | Should -BeTrue
        $ps = Invoke-ZKScript "`$ConfirmPreference = 'None'; Remove-ZKNode '$p' -Recurse"
        $ps.Streams.Error | Should -BeNullOrEmpty
        $ps.Dispose()
        Test-ZKNode $p | Should -BeFalse
        New-ZKNode "$p/child" -Force | Out-Null
        Remove-ZKNode $p -Recurse -Confirm:$false
        Test-ZKNode $p | Should -BeFalse
    }
    It 'deletes a single node at Medium impact: no prompt unless $ConfirmPreference is Medium or lower' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        $ps = Invoke-ZKScript "`$ConfirmPreference = 'Medium'; Remove-ZKNode '$p'"
        $ps.Streams.Error[0].Exception | Should -BeOfType [System.Management.Automation.Host.HostException]
        $ps.Dispose()
        Test-ZKNode $p | Should -BeTrue
        $ps = Invoke-ZKScript "Remove-ZKNode '$p'"
        $ps.Streams.Error | Should -BeNullOrEmpty
        $ps.Dispose()
        Test-ZKNode $p | Should -BeFalse
    }
    It 'tests several paths' {
        Test-ZKNode '/', '/zookeeper', '/nope' | Should -Be @($true, $true, $false)
    }
}

Describe 'ACLs, transactions, ephemerals, sync and server stats' {
    It 'gets and sets ACLs' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        (Get-ZKAcl $p) | ForEach-Object { "$_" } | Should -Be 'world:anyone:cdrwa'
        Set-ZKAcl $p -Acl 'world:anyone:rwa'
        (Get-ZKAcl $p).Perms | Should -Be 'rwa'
        { Set-ZKAcl $p -Acl 'world:anyone:cdrwa' -AclVersion 0 -ErrorAction Stop } | Should -Throw -ErrorId 'BadVersion,*'
        Set-ZKAcl $p -Acl 'world:anyone:r' -AclVersion 1
        { Set-ZKAcl $p -Acl 'world:anyone:cdrwa' -ErrorAction Stop } | Should -Throw -ErrorId 'NoAuth,*'
        { Get-ZKAcl $p -ErrorAction Stop } | Should -Not -Throw
    }
    It 'runs a transaction atomically' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        $r = Invoke-ZKTransaction @(
            @{ Create = "$p/a"; Data = 'A' }
            @{ Create = "$p/s-"; Sequential = $true }
            @{ Set = $p; Data = 'parent'; Version = 0 }
            @{ Check = "$p/a"; Version = 0 }
        )
        $r.Count | Should -Be 4
        $r[1].Path | Should -Match 's-\d{10}$'
        (Get-ZKNode $p).Data | Should -Be 'parent'
        { Invoke-ZKTransaction @(@{ Create = "$p/b" }, @{ Delete = "$p/missing" }) -ErrorAction Stop } | Should -Throw -ErrorId 'NoNode,*'
        Test-ZKNode "$p/b" | Should -BeFalse
    }
    It 'runs reads in one round trip (multiRead): each read stands alone' {
        $p = New-TestPath
        New-ZKNode "$p/a" -Value 'A' -Force | Out-Null
        New-ZKNode "$p/b" -Value ([byte[]](0, 255)) | Out-Null
        Set-ZKNode "$p/a" -Value 'A2' | Out-Null
        $errors = $null
        $r = Invoke-ZKTransaction @(
            @{ Get = "$p/a" }
            @{ GetChildren = $p }
            @{ Get = "$p/missing" }
        ) -ErrorVariable errors -ErrorAction SilentlyContinue
        $r.Count | Should -Be 2
        $r[0].Operation | Should -Be 'Get'
        $r[0].Data | Should -BeExactly 'A2'
        $r[0].Stat.Version | Should -Be 1
        $r[1].Index | Should -Be 1
        $r[1].Operation | Should -Be 'GetChildren'
        ($r[1].Children | Sort-Object) -join ',' | Should -Be 'a,b'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NoNode,*'
        $errors[0].TargetObject | Should -Be "$p/missing"
        (Invoke-ZKTransaction @{ Get = "$p/b" } -AsByteArray).Data | Should -Be ([byte[]](0, 255))
    }
    It 'refuses a transaction that mixes reads and writes, and applies nothing' {
        $p = New-TestPath
        { Invoke-ZKTransaction @(@{ Create = $p }, @{ Get = '/' }) -ErrorAction Stop } | Should -Throw '*all writes*all reads*'
        Test-ZKNode $p | Should -BeFalse
    }
    It 'lists the session''s ephemerals' {
        $p = New-TestPath
        New-ZKEphemeralNode "$p/e1" | Out-Null
        Get-ZKEphemeral $p | Should -Be "$p/e1"
    }
    It 'syncs a path' {
        Sync-ZKNode '/' -PassThru | Should -Be '/'
    }
    It 'reads srvr and mntr as objects' {
        $srvr = Get-ZKServerStat
        $srvr.Mode | Should -Be 'standalone'
        $srvr.ZookeeperVersion | Should -Match '^3\.'
        (Get-ZKServerStat -ComputerName $server.ConnectString -Command mntr).zk_server_state | Should -Be 'standalone'
        Get-ZKServerStat -Command ruok | Should -Be 'imok'
    }
}

Describe 'Errors without a session' {
    It 'says NoSession when nothing is connected' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModuleManifest'; try { Get-ZKNode / -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId }")
            $ps.Invoke() | Should -Be 'NoSession,PSZookeeper.Commands.GetZKNodeCommand'
        }
        finally { $ps.Dispose() }
    }
}
