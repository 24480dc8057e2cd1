# Export-ZKTree / Import-ZKTree and Copy-ZKNode / Move-ZKNode against a real server; kazoo checks the bytes independently.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:server = Start-ZKTestServer
    $script:session = Connect-Zookeeper -ComputerName $server.ConnectString -Name Trees

    function Invoke-Kazoo([string] $Code) {
        # An independent client: python3-kazoo, printing one line per result.
        $script = "from kazoo.client import KazooClient`nzk = KazooClient(hosts='$($server.ConnectString)')`nzk.start()`n$Code`nzk.stop()"
        $out = $script | /usr/bin/python3 -
        if ($LASTEXITCODE -ne 0) { throw "kazoo failed: $out" }
        $out
    }

    function New-WideTree([string] $Path, [int] $Count) {
        # $Path with $Count children "n1".."n<Count>" (data "<i>"), created with pipelined requests:
        # more than one batch (ZNodeTree.BatchSize, 500) shows progress in several steps.
        New-ZKNode $Path -Force | Out-Null
        $tasks = foreach ($i in 1..$Count) { $session.Client.CreateAsync("$Path/n$i", [Text.Encoding]::UTF8.GetBytes("$i"), $null, 'Persistent', 0) }
        [Threading.Tasks.Task]::WaitAll([Threading.Tasks.Task[]]$tasks)
    }
}

AfterAll {
    Disconnect-Zookeeper -All -ErrorAction Ignore
    $server | Stop-ZKTestServer
}

Describe 'Export-ZKTree and Import-ZKTree' {
    It 'round-trips data byte for byte, as an independent client (kazoo) sees it' {
        $p = New-TestPath 'exp'
        Invoke-Kazoo @"
zk.create('$p', b'root text')
zk.create('$p/binary', bytes([0, 255, 195, 40, 10, 0]))
zk.create('$p/utf8', 'héllo ✓ 𝄞'.encode('utf-8'))
zk.create('$p/empty', b'')
zk.create('$p/binary/child', b'\x00\x01')
"@ | Out-Null
        New-ZKNode "$p/nodata" | Out-Null  # created without data: null, not empty
        New-ZKNode "$p/seq-" -Sequential -Value 's' | Out-Null
        $file = Join-Path $TestDrive 'tree.json'
        Export-ZKTree -Path $p -FilePath $file
        Import-ZKTree -FilePath $file -Path "$p-restored"
        $hex = "for p in ['', '/binary', '/utf8', '/empty', '/binary/child']:`n    print(zk.get('$p' + p)[0].hex(), zk.get('$p-restored' + p)[0].hex())"
        foreach ($line in Invoke-Kazoo $hex) {
            $original, $restored = $line -split ' '
            $restored | Should -Be $original
        }
        (Get-ZKNode "$p-restored/nodata" -AsByteArray).RawData | Should -BeNullOrEmpty
        (Get-ZKNode "$p-restored/nodata").DataLength | Should -Be 0
        (Get-ZKChildItem "$p-restored" -Name | Where-Object { $_ -like 'seq-*' }) | Should -Be (Get-ZKChildItem $p -Name | Where-Object { $_ -like 'seq-*' })
    }
    It 'writes the documented JSON: text as text, other bytes as base64, no key for no data' {
        $p = New-TestPath 'fmt'
        New-ZKNode $p -Value 'top' | Out-Null
        New-ZKNode "$p/bin" -Value ([byte[]](0, 255)) | Out-Null
        New-ZKNode "$p/none" | Out-Null
        $file = Join-Path $TestDrive 'fmt.json'
        Export-ZKTree $p $file
        $json = Get-Content $file -Raw | ConvertFrom-Json
        $json.format | Should -Be 'PSZookeeper.ZKTree'
        $json.version | Should -Be 1
        $json.path | Should -Be $p
        $json.nodes[0].path | Should -Be '/'
        $json.nodes[0].data | Should -BeExactly 'top'
        ($json.nodes | Where-Object path -eq '/bin').base64 | Should -Be 'AP8='
        ($json.nodes | Where-Object path -eq '/none').PSObject.Properties.Name | Should -Be @('path')
    }
    It 'leaves ephemeral nodes out with a warning and lists them in the file' {
        $p = New-TestPath 'eph'
        New-ZKNode $p | Out-Null
        New-ZKNode "$p/mine" -Ephemeral | Out-Null
        $file = Join-Path $TestDrive 'eph.json'
        Export-ZKTree $p $file -WarningVariable warnings 3>$null
        $warnings | Should -Match 'ephemeral'
        $json = Get-Content $file -Raw | ConvertFrom-Json
        $json.skippedEphemerals | Should -Be @("$p/mine")
        $json.nodes.path | Should -Not -Contain '/mine'
    }
    It 'keeps ACLs with -IncludeAcl' {
        $p = New-TestPath 'acl'
        New-ZKNode $p -Acl 'world:anyone:cdrwa' | Out-Null
        New-ZKNode "$p/readonly" -Value 'r' -Acl 'world:anyone:r' | Out-Null
        $file = Join-Path $TestDrive 'acl.json'
        Export-ZKTree $p $file -IncludeAcl
        Import-ZKTree $file -Path "$p-restored"
        (Get-ZKAcl "$p-restored/readonly").Perms | Should -Be 'r'
        Export-ZKTree $p (Join-Path $TestDrive 'noacl.json')
        Import-ZKTree (Join-Path $TestDrive 'noacl.json') -Path "$p-open"
        (Get-ZKAcl "$p-open/readonly").Perms | Should -Be 'cdrwa'
    }
    It 'imports TTL and container nodes from a file that names them' {
        $p = New-TestPath 'modes'
        $file = Join-Path $TestDrive 'modes.json'
        @{ format = 'PSZookeeper.ZKTree'; version = 1; path = $p; nodes = @(
            @{ path = '/' }, @{ path = '/c'; mode = 'container' }, @{ path = '/c/x'; data = 'x' }, @{ path = '/t'; mode = 'ttl'; ttl = 60000 }) } |
            ConvertTo-Json -Depth 4 | Set-Content $file
        Import-ZKTree $file
        (Get-ZKNode "$p/c/x").Data | Should -BeExactly 'x'
        Test-ZKNode "$p/t" | Should -BeTrue
    }
    It 'refuses an existing destination without -Force, merges and overwrites with -Force, and -WhatIf imports nothing' {
        $p = New-TestPath 'force'
        New-ZKNode "$p/a" -Value 'new' -Force | Out-Null
        $file = Join-Path $TestDrive 'force.json'
        Export-ZKTree $p $file
        New-ZKNode "$p-dst/a" -Value 'old' -Force | Out-Null
        New-ZKNode "$p-dst/extra" -Value 'kept' | Out-Null
        { Import-ZKTree $file -Path "$p-dst" -ErrorAction Stop } | Should -Throw -ErrorId 'NodeExists,*'
        Import-ZKTree $file -Path "$p-dst" -Force
        (Get-ZKNode "$p-dst/a").Data | Should -BeExactly 'new'
        (Get-ZKNode "$p-dst/extra").Data | Should -BeExactly 'kept'
        Import-ZKTree $file -Path "$p-whatif" -WhatIf
        Test-ZKNode "$p-whatif" | Should -BeFalse
    }
    It 'refuses a file that is not an export, saying why' {
        $file = Join-Path $TestDrive 'bad.json'
        '{ "format": "something else" }' | Set-Content $file
        { Import-ZKTree $file -Path (New-TestPath) -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidExportFile,*'
        '{ "format": "PSZookeeper.ZKTree", "version": 1, "nodes": [ { "path": "/", "base64": "not base64!" } ] }' | Set-Content $file
        { Import-ZKTree $file -Path (New-TestPath) -ErrorAction Stop } | Should -Throw '*not base64*'
    }
    It 'shows progress exporting and importing a large tree' {
        $p = New-TestPath 'big'
        New-WideTree $p 600
        $file = Join-Path $TestDrive 'big.json'
        $ps = Invoke-ZKScript "Export-ZKTree '$p' '$file'; Import-ZKTree '$file' -Path '$p-copy'"
        $ps.Streams.Error | Should -BeNullOrEmpty
        foreach ($activity in "Exporting $p", "Importing $file") {
            $records = @($ps.Streams.Progress | Where-Object Activity -eq $activity)
            $records.Count | Should -BeGreaterThan 1 -Because $activity
            $records[-1].RecordType | Should -Be 'Completed' -Because $activity
        }
        $ps.Dispose()
        (Get-Content $file -Raw | ConvertFrom-Json).nodes.Count | Should -Be 601
        (Measure-ZKNode "$p-copy").Descendants | Should -Be 600
    }
    It 'shows progress listing a large tree recursively, and none for a small one' -ForEach @(
        # Total: the nodes listed, 600 + small + small/a, and Get-ZKNode's root.
        @{ Command = { param($p) "Get-ZKChildItem '$p' -Recurse" }; Activity = { param($p) "Listing $p" }; Total = 602 }
        @{ Command = { param($p) "Get-ZKNode '$p' -Recurse" }; Activity = { param($p) "Listing $p" }; Total = 603 }
        @{ Command = { param($p) "New-PSDrive -Name big -PSProvider ZooKeeper -Root '$p' -ComputerName '$($server.ConnectString)' | Out-Null; Get-ChildItem big:/ -Recurse" }; Activity = { 'Listing big:/' }; Total = 602 }
    ) {
        $p = New-TestPath 'list'
        New-WideTree $p 600
        New-ZKNode "$p/small/a" -Force | Out-Null
        $ps = Invoke-ZKScript (& $Command $p)
        $ps.Streams.Error | Should -BeNullOrEmpty
        $records = @($ps.Streams.Progress | Where-Object Activity -eq (& $Activity $p))
        $records.Count | Should -BeGreaterThan 1
        $records[-1].RecordType | Should -Be 'Completed'
        $records[0].StatusDescription | Should -Be "500 of $Total znodes read"
        $ps.Dispose()
        $ps = Invoke-ZKScript (& $Command "$p/small")
        $ps.Streams.Error | Should -BeNullOrEmpty
        $ps.Streams.Progress | Should -BeNullOrEmpty
        $ps.Dispose()
    }
}

Describe 'Copy-ZKNode and Move-ZKNode' {
    It 'copies a subtree in one transaction with its data and ACLs' {
        $p = New-TestPath 'copy'
        New-ZKNode "$p/src/a" -Value ([byte[]](1, 2, 3)) -Force | Out-Null
        New-ZKNode "$p/src/b" -Value 'b' -Acl 'world:anyone:r' | Out-Null
        $result = Copy-ZKNode "$p/src" "$p/dst" -PassThru
        $result.Atomic | Should -BeTrue
        $result.Count | Should -Be 3
        (Get-ZKNode "$p/dst/a" -AsByteArray).Data | Should -Be @(1, 2, 3)
        (Get-ZKAcl "$p/dst/b").Perms | Should -Be 'r'
        Test-ZKNode "$p/src/a" | Should -BeTrue
    }
    It 'moves a subtree in one transaction' {
        $p = New-TestPath 'move'
        New-ZKNode "$p/src/a/b" -Value 'deep' -Force | Out-Null
        (Move-ZKNode "$p/src" "$p/dst" -PassThru).Atomic | Should -BeTrue
        Test-ZKNode "$p/src" | Should -BeFalse
        (Get-ZKNode "$p/dst/a/b").Data | Should -BeExactly 'deep'
    }
    It 'is all or nothing: a move whose delete is refused creates nothing' {
        $p = New-TestPath 'atomic'
        New-ZKNode "$p/src/child" -Force | Out-Null
        Set-ZKAcl "$p/src" -Acl 'world:anyone:crwa'   # no Delete: the child cannot be deleted
        { Move-ZKNode "$p/src" "$p/dst" -ErrorAction Stop } | Should -Throw -ErrorId 'NoAuth,*'
        Test-ZKNode "$p/dst" | Should -BeFalse
        Test-ZKNode "$p/src/child" | Should -BeTrue
    }
    It 'refuses a subtree too large for one transaction unless -AllowNonAtomic' {
        $p = New-TestPath 'large'
        $chunk = [byte[]]::new(400KB)
        New-ZKNode "$p/src" -Force | Out-Null
        1..3 | ForEach-Object { New-ZKNode "$p/src/n$_" -Value $chunk | Out-Null }
        { Copy-ZKNode "$p/src" "$p/dst" -ErrorAction Stop } | Should -Throw -ErrorId 'TransactionTooLarge,*'
        Test-ZKNode "$p/dst" | Should -BeFalse
        $result = Move-ZKNode "$p/src" "$p/dst" -AllowNonAtomic -PassThru
        $result.Atomic | Should -BeFalse
        (Get-ZKNode "$p/dst/n3" -AsByteArray).DataLength | Should -Be 400KB
        Test-ZKNode "$p/src" | Should -BeFalse
    }
    It 'copies a subtree near the limit atomically' {
        $p = New-TestPath 'near'
        New-ZKNode "$p/src" -Force | Out-Null
        1..2 | ForEach-Object { New-ZKNode "$p/src/n$_" -Value ([byte[]]::new(480KB)) | Out-Null }
        (Copy-ZKNode "$p/src" "$p/dst" -PassThru).Atomic | Should -BeTrue
    }
    It 'leaves ephemeral nodes out of a copy with a warning, and refuses to move them' {
        $p = New-TestPath 'ephcopy'
        New-ZKNode "$p/src" -Force | Out-Null
        New-ZKNode "$p/src/e" -Ephemeral | Out-Null
        Copy-ZKNode "$p/src" "$p/dst" -WarningVariable warnings 3>$null
        $warnings | Should -Match 'ephemeral'
        Test-ZKNode "$p/dst/e" | Should -BeFalse
        { Move-ZKNode "$p/src" "$p/moved" -ErrorAction Stop } | Should -Throw '*ephemeral*'
    }
    It 'refuses a destination inside the source, and an existing destination' {
        $p = New-TestPath 'inside'
        New-ZKNode "$p/src" -Force | Out-Null
        { Copy-ZKNode "$p/src" "$p/src/sub" -ErrorAction Stop } | Should -Throw '*inside the source*'
        New-ZKNode "$p/dst" | Out-Null
        { Copy-ZKNode "$p/src" "$p/dst" -ErrorAction Stop } | Should -Throw -ErrorId 'NodeExists,*'
    }
}
