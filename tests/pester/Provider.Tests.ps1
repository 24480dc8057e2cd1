# The ZooKeeper provider (zk: drives) against a real server, through PowerShell's own item, location and content cmdlets.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:server = Start-ZKTestServer
    $script:session = Connect-Zookeeper -ComputerName $server.ConnectString -Name Provider
    New-PSDrive -Name zk -PSProvider ZooKeeper -Root / -ComputerName $server.ConnectString | Out-Null
    $script:drive = Get-PSDrive zk
}

AfterAll {
    Set-Location $PSScriptRoot
    Get-PSDrive -PSProvider ZooKeeper -ErrorAction Ignore | Remove-PSDrive -ErrorAction Ignore
    Disconnect-Zookeeper -All -ErrorAction Ignore
    $server | Stop-ZKTestServer
}

Describe 'The ZooKeeper provider and its drives' {
    It 'is registered by importing the module' {
        $provider = Get-PSProvider ZooKeeper
        $provider.ModuleName | Should -Be 'PSZookeeper'
        $provider.Capabilities.ToString() | Should -Match 'ShouldProcess'
        $provider.Capabilities.ToString() | Should -Match 'Credentials'
    }
    It 'opens a session of its own with -ComputerName and closes it with Remove-PSDrive' {
        $d = New-PSDrive -Name own -PSProvider ZooKeeper -Root / -ComputerName $server.ConnectString
        $d.OwnsSession | Should -BeTrue
        $d.Session.State | Should -Be 'Connected'
        (Get-ZKSession).Name | Should -Not -Contain $d.Session.Name
        Remove-PSDrive own
        $d.Session.State | Should -Be 'Closed'
    }
    It 'borrows a Connect-Zookeeper session with -Session and leaves it open' {
        $d = New-PSDrive -Name borrowed -PSProvider ZooKeeper -Root / -Session $session
        $d.OwnsSession | Should -BeFalse
        [object]::ReferenceEquals($d.Session, $session) | Should -BeTrue
        Remove-PSDrive borrowed
        $session.State | Should -Be 'Connected'
    }
    It 'shows only the subtree of its root (a chroot): app:/x is /app/x' {
        $p = New-TestPath
        New-ZKNode "$p/config/db" -Value 'primary' -Force | Out-Null
        New-PSDrive -Name sub -PSProvider ZooKeeper -Root $p -Session $session | Out-Null
        try {
            (Get-PSDrive sub).ZNodeRoot | Should -Be $p
            Get-ChildItem sub:/ -Name | Should -Be 'config'
            Get-Content sub:/config/db | Should -BeExactly 'primary'
            (Get-Item sub:/config/db).ZNodePath | Should -Be "$p/config/db"
            New-Item sub:/config/cache -Value 'c' | Out-Null
            (Get-ZKNode "$p/config/cache").Data | Should -BeExactly 'c'
        } finally { Remove-PSDrive sub }
    }
    It 'adds New-PSDrive''s -Credential as a digest identity' {
        $p = New-TestPath
        $cred = [pscredential]::new('alice', (ConvertTo-SecureString 'secret-1' -AsPlainText -Force))
        $digest = [PSZookeeper.Client.ZooKeeperClient]::DigestId('alice', 'secret-1')
        New-ZKNode $p -Value 'for alice' -Acl "digest:$($digest.Ident):cdrwa" | Out-Null
        New-PSDrive -Name alice -PSProvider ZooKeeper -Root / -ComputerName $server.ConnectString -Credential $cred | Out-Null
        try {
            Get-Content "alice:$p" | Should -BeExactly 'for alice'
            { Get-Content "zk:$p" -ErrorAction Stop } | Should -Throw '*NoAuth*'
        } finally { Remove-PSDrive alice }
    }
    It 'refuses a drive without a server, with a missing root, or with -Session and -ComputerName together' {
        { New-PSDrive -Name bad1 -PSProvider ZooKeeper -Root / -ErrorAction Stop } | Should -Throw -ErrorId 'NoServer*'
        { New-PSDrive -Name bad2 -PSProvider ZooKeeper -Root /no/such/root -Session $session -ErrorAction Stop } | Should -Throw -ErrorId 'NoNode*'
        { New-PSDrive -Name bad3 -PSProvider ZooKeeper -Root / -Session $session -ComputerName $server.ConnectString -ErrorAction Stop } |
            Should -Throw -ErrorId 'SessionWithConnectParameters*'
        Get-PSDrive bad1, bad2, bad3 -ErrorAction Ignore | Should -BeNullOrEmpty
    }
}

Describe 'Navigating a drive' {
    BeforeAll {
        $script:root = New-TestPath 'nav'
        New-ZKNode "$root/a/a1" -Value 'one' -Force | Out-Null
        New-ZKNode "$root/a/a2/deep" -Value 'deep' -Force | Out-Null
        New-ZKNode "$root/b" -Value 'bee' | Out-Null
    }
    AfterEach { Set-Location $PSScriptRoot }

    It 'Set-Location and relative paths work as with folders' {
        Set-Location "zk:$root/a"
        (Get-Location).Path | Should -Be "zk:$root/a"
        Get-ChildItem -Name | Should -Be @('a1', 'a2')
        Get-Content ./a1 | Should -BeExactly 'one'
        Set-Location ..
        (Get-Location).Path | Should -Be "zk:$root"
    }
    It 'Get-ChildItem lists children as znode objects; -Name gives names' {
        $items = Get-ChildItem "zk:$root"
        $items[0].PSObject.TypeNames | Should -Contain 'PSZookeeper.ZKNode'
        $items.ZNodePath | Should -Be @("$root/a", "$root/b")
        $items.Path | Should -Be @("zk:$root/a", "zk:$root/b")
        ($items | Where-Object ZNodePath -eq "$root/b").Data | Should -BeExactly 'bee'
        Get-ChildItem "zk:$root" -Name | Should -Be @('a', 'b')
    }
    It 'Get-ChildItem -Recurse walks the subtree and -Depth limits it' {
        (Get-ChildItem "zk:$root" -Recurse).ZNodePath | Should -Be @("$root/a", "$root/b", "$root/a/a1", "$root/a/a2", "$root/a/a2/deep")
        (Get-ChildItem "zk:$root" -Depth 1).ZNodePath | Should -Be @("$root/a", "$root/b", "$root/a/a1", "$root/a/a2")
        Get-ChildItem "zk:$root" -Recurse -Name | Sort-Object | Should -Be @('a', 'a/a1', 'a/a2', 'a/a2/deep', 'b')
    }
    It 'Get-Item gives the node with its Stat' {
        $item = Get-Item "zk:$root/a/a1"
        $item.Data | Should -BeExactly 'one'
        $item.Stat.DataLength | Should -Be 3
        $item.Version | Should -Be 0
        $item.PSChildName | Should -Be 'a1'
        $item.PSIsContainer | Should -BeTrue
    }
    It 'Test-Path tells existing from missing nodes, and only ephemeral nodes are leaves' {
        Test-Path "zk:$root/a" | Should -BeTrue
        Test-Path "zk:$root/nope" | Should -BeFalse
        New-Item "zk:$root/eph" -ItemType Ephemeral | Out-Null
        Test-Path "zk:$root/eph" -PathType Leaf | Should -BeTrue
        Test-Path "zk:$root/a" -PathType Container | Should -BeTrue
        Test-Path "zk:$root/a" -PathType Leaf | Should -BeFalse
    }
    It 'completes paths with Tab' {
        $line = "Get-ChildItem zk:$root/a/a"
        $matches = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $matches | Should -Be @("zk:$root/a/a1", "zk:$root/a/a2")
        Set-Location "zk:$root"
        (TabExpansion2 -inputScript 'Get-Content ./b' -cursorColumn 15).CompletionMatches.CompletionText | Should -Be './b'
    }
}

Describe 'Creating, writing and removing znodes in a drive' {
    It 'New-Item creates every -ItemType, with -Value' {
        $p = New-TestPath
        New-Item "zk:$p" | Out-Null
        (New-Item "zk:$p/persistent" -ItemType Persistent -Value 'v').Data | Should -BeExactly 'v'
        $e = New-Item "zk:$p/ephemeral" -ItemType Ephemeral -Value 'e'
        $e.EphemeralOwner | Should -Be $drive.Session.SessionId
        (New-Item "zk:$p/seq-" -ItemType Sequential).ZNodePath | Should -Match "^$p/seq-\d{10}$"
        $es = New-Item "zk:$p/eseq-" -ItemType EphemeralSequential
        $es.ZNodePath | Should -Match "^$p/eseq-\d{10}$"
        $es.EphemeralOwner | Should -Be $drive.Session.SessionId
        # The server shows containers and TTL nodes to clients as persistent ones: what tells them apart is that they were accepted.
        (New-Item "zk:$p/container" -ItemType Container).ZNodePath | Should -Be "$p/container"
        (New-Item "zk:$p/ttl" -Ttl 60000).ZNodePath | Should -Be "$p/ttl"
        { New-Item "zk:$p/ttl-e" -ItemType Ephemeral -Ttl 5 -ErrorAction Stop } | Should -Throw '*ephemeral node cannot have a TTL*'
        (Get-ZKChildItem $p -Name).Count | Should -Be 6
    }
    It 'New-Item refuses an unknown type and a missing parent; -Force creates parents' {
        $p = New-TestPath
        { New-Item "zk:$p" -ItemType Directory -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument*'
        { New-Item "zk:$p/x/y" -ErrorAction Stop } | Should -Throw -ErrorId 'NoNode*'
        New-Item "zk:$p/x/y" -Value 'deep' -Force | Out-Null
        (Get-ZKNode "$p/x/y").Data | Should -BeExactly 'deep'
    }
    It 'Get-Content gives lines of text, -Raw the whole text' {
        $p = New-TestPath
        New-ZKNode $p -Value "first`nsecond`r`nthird`n" | Out-Null
        Get-Content "zk:$p" | Should -Be @('first', 'second', 'third')
        Get-Content "zk:$p" -Raw | Should -BeExactly "first`nsecond`r`nthird`n"
    }
    It 'Set-Content stores exactly the text given, creating a missing node; Add-Content appends a line' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        Set-Content "zk:$p/value" -Value 'héllo ✓'
        (Get-ZKNode "$p/value" -AsByteArray).Data | Should -Be ([Text.Encoding]::UTF8.GetBytes('héllo ✓'))
        'a', 'b' | Set-Content "zk:$p/value"
        (Get-ZKNode "$p/value").Data | Should -BeExactly "a`nb"
        Add-Content "zk:$p/value" -Value 'c'
        (Get-ZKNode "$p/value").Data | Should -BeExactly "a`nb`nc"
    }
    It 'reads and writes bytes with -AsByteStream and with -Encoding Byte' {
        $p = New-TestPath
        [byte[]] $bytes = 0, 1, 127, 128, 255
        Set-Content "zk:$p" -Value $bytes -AsByteStream
        (Get-ZKNode $p -AsByteArray).Data | Should -Be $bytes
        , (Get-Content "zk:$p" -AsByteStream -Raw) | Should -BeOfType [byte[]]
        (Get-Content "zk:$p" -AsByteStream -Raw) -join ',' | Should -Be ($bytes -join ',')
        Get-Content "zk:$p" -Encoding Byte | Should -Be $bytes
        Set-Content "zk:$p" -Value ([byte[]](9, 8)) -Encoding Byte
        (Get-ZKNode $p -AsByteArray).Data | Should -Be @(9, 8)
        { Set-Content "zk:$p" -Value 'text' -AsByteStream -ErrorAction Stop } | Should -Throw '*must be bytes*'
    }
    It 'Clear-Content leaves empty data; Set-Item writes data' {
        $p = New-TestPath
        New-ZKNode $p -Value 'full' | Out-Null
        Clear-Content "zk:$p"
        (Get-ZKNode $p).DataLength | Should -Be 0
        Set-Item "zk:$p" -Value 'again'
        (Get-ZKNode $p).Data | Should -BeExactly 'again'
    }
    It 'never falls through to the file system: Set-Content to a missing node writes no local file' {
        $local = Join-Path ([IO.Path]::GetTempPath()) ('zk-' + [Guid]::NewGuid().ToString('N'))
        Set-Content "zk:$local" -Value 'x' -ErrorAction SilentlyContinue
        Test-Path -LiteralPath $local | Should -BeFalse
    }
    It 'Remove-Item removes a node; -Recurse a subtree; piped items are removed in their drive' {
        $p = New-TestPath
        New-ZKNode "$p/one" -Force | Out-Null
        New-ZKNode "$p/two/deep" -Force | Out-Null
        Remove-Item "zk:$p/one"
        Test-ZKNode "$p/one" | Should -BeFalse
        Get-ChildItem "zk:$p" | Remove-Item -Recurse
        Get-ZKChildItem $p | Should -BeNullOrEmpty
        New-ZKNode "$p/three/deep" -Force | Out-Null
        Remove-Item "zk:$p" -Recurse
        Test-ZKNode $p | Should -BeFalse
    }
    It 'refuses to remove the root' {
        { Remove-Item zk:/ -Recurse -ErrorAction Stop } | Should -Throw '*root znode cannot be removed*'
    }
    It 'supports -WhatIf' {
        $p = New-TestPath
        New-Item "zk:$p" -WhatIf | Out-Null
        Test-ZKNode $p | Should -BeFalse
    }
}

Describe 'Copy-Item, Move-Item and Rename-Item in a drive' {
    It 'Copy-Item -Recurse copies a subtree byte for byte, into an existing node as folders do' {
        $p = New-TestPath
        New-ZKNode "$p/src/a" -Value ([byte[]](0, 200)) -Force | Out-Null
        New-ZKNode "$p/dst" | Out-Null
        Copy-Item "zk:$p/src" "zk:$p/copy" -Recurse
        (Get-ZKNode "$p/copy/a" -AsByteArray).Data | Should -Be @(0, 200)
        Copy-Item "zk:$p/src" "zk:$p/dst" -Recurse
        Test-ZKNode "$p/dst/src/a" | Should -BeTrue
        Copy-Item "zk:$p/src" "zk:$p/single"
        Get-ZKChildItem "$p/single" | Should -BeNullOrEmpty
    }
    It 'Move-Item and Rename-Item move a subtree and output it with -PassThru' {
        $p = New-TestPath
        New-ZKNode "$p/old/child" -Value 'c' -Force | Out-Null
        (Move-Item "zk:$p/old" "zk:$p/new" -PassThru).ZNodePath | Should -Be "$p/new"
        Test-ZKNode "$p/old" | Should -BeFalse
        Rename-Item "zk:$p/new" renamed
        (Get-ZKNode "$p/renamed/child").Data | Should -BeExactly 'c'
        Test-ZKNode "$p/new" | Should -BeFalse
        Get-Item "zk:$p/renamed" | Rename-Item -NewName piped
        Test-ZKNode "$p/piped/child" | Should -BeTrue
    }
    It 'refuses to copy between drives of different sessions' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        New-PSDrive -Name other -PSProvider ZooKeeper -Root / -Session $session | Out-Null
        try {
            { Copy-Item "zk:$p" "other:$p-copy" -ErrorAction Stop } | Should -Throw '*different sessions*'
        } finally { Remove-PSDrive other }
    }
}

Describe 'Provider help' {
    BeforeDiscovery {
        Import-Module (Join-Path $PSScriptRoot '../../PSZookeeper.psd1') -Force
        # The TLS example needs a TLS server: ProviderTls.Tests.ps1 runs it.
        $script:exampleCases = @((Get-Help ZooKeeper -Category Provider).Tasks.Task.Examples.Example | Where-Object Code -NotMatch '-UseTls' |
            ForEach-Object { @{ Title = $_.Title.Trim('- '); Code = $_.Code } })
    }
    It 'has a synopsis, tasks and the dynamic parameters' {
        $help = Get-Help ZooKeeper -Category Provider
        $help.Synopsis | Should -Not -BeNullOrEmpty
        @($help.Tasks.Task).Count | Should -BeGreaterThan 1
        @($help.DynamicParameters.DynamicParameter.Name) | Should -Contain 'AsByteStream'
    }
    It '<Title> runs' -ForEach $exampleCases {
        $code = $Code.Replace('127.0.0.1:2181', $server.ConnectString)
        $Error.Clear()
        { . ([scriptblock]::Create($code)) | Out-Null } | Should -Not -Throw
        $Error | Should -BeNullOrEmpty
    }
}
