# Format views: every type a cmdlet outputs has one, and each renders real objects from a real server.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:server = Start-ZKTestServer
    $script:session = Connect-Zookeeper -ComputerName $server.ConnectString -Name Formats

    function Format-Text($InputObject) { ($InputObject | Out-String -Width 200) }
}

AfterAll {
    Disconnect-Zookeeper -All -ErrorAction Ignore
    $server | Stop-ZKTestServer
}

Describe 'Format views' {
    It 'exist for every type a cmdlet outputs (by type or by type name)' {
        # Values PowerShell formats well itself, and a scriptblock's own output (Use-ZKLock,
        # Receive-ZKTask), are the only outputs without a view of ours.
        $own = 'System.Boolean', 'System.Int64', 'System.String', 'System.Void', 'System.IO.FileInfo',
            'System.Management.Automation.PSEventJob', 'System.Management.Automation.PSObject'
        $missing = foreach ($cmdlet in Get-Command -Module PSZookeeper -CommandType Cmdlet) {
            foreach ($output in $cmdlet.OutputType) {
                if ($output.Name -in $own) { continue }
                if (-not (Get-FormatData -TypeName $output.Name)) { "$($cmdlet.Name): $($output.Name)" }
            }
        }
        $missing | Should -BeNullOrEmpty
        # The types those carry that an admin looks at on their own.
        Get-FormatData -TypeName 'PSZookeeper.Client.Stat' | Should -Not -BeNullOrEmpty
    }

    It 'show a Stat as zkCli get -s does' {
        $p = New-TestPath
        New-ZKNode "$p/child" -Value 'x' -Force | Out-Null
        $text = Format-Text (Get-ZKNode $p).Stat
        foreach ($name in 'cZxid', 'ctime', 'mZxid', 'mtime', 'pZxid', 'cversion', 'dataVersion', 'aclVersion', 'ephemeralOwner', 'dataLength', 'numChildren') {
            $text | Should -Match "(?m)^$name\s+: \S"
        }
        $text | Should -Match '(?m)^numChildren\s+: 1$'
        $text | Should -Match '(?m)^cZxid\s+: 0x[0-9a-f]+$'
    }

    It 'show transaction results: a write''s version, a read''s data and children' {
        $p = New-TestPath
        New-ZKNode "$p/a" -Value 'hello' -Force | Out-Null
        $read = Format-Text (Invoke-ZKTransaction @(@{ Get = "$p/a" }, @{ GetChildren = $p }))
        $read | Should -Match "(?m)^\s*0 Get\s+$p/a\s+0 hello\s*$"
        $read | Should -Match "(?m)^\s*1 GetChildren\s+$p\s+\[1\] a\s*$"
        $write = Format-Text (Invoke-ZKTransaction @{ Set = "$p/a"; Data = 'again' })
        $write | Should -Match "(?m)^\s*0 Set\s+$p/a\s+1\s*$"
    }

    It 'show the all-children count, the session''s identity and the server''s stats' {
        $p = New-TestPath
        New-ZKNode "$p/a/b" -Force | Out-Null
        Format-Text (Measure-ZKNode $p) | Should -Match "(?m)^$p\s+1\s+2\s*$"
        Format-Text (Get-ZKAuth) | Should -Match '(?m)^ip\s+127\.0\.0\.1\s*$'
        $srvr = Format-Text (Get-ZKServerStat)
        $srvr | Should -Match '(?m)^Server\s+Mode\s+Version\s+Connections\s+Outstanding\s+Znodes\s+Latency min/avg/max\s+Zxid'
        $srvr | Should -Match '(?m)^127\.0\.0\.1:\d+\s+standalone\s+3\.\d+\.\d+\s+\d+\s+\d+\s+\d+\s+\d+/[\d.]+/\d+\s+0x[0-9a-f]+'
        $mntr = Format-Text (Get-ZKServerStat -Command mntr)
        $mntr | Should -Match '(?m)^State\s+: standalone$'
        $mntr | Should -Match '(?m)^Znodes\s+: \d+$'
        $mntr | Should -Match '(?m)^Latency\s+: \d+ / [\d.]+ / \d+ ms \(min/avg/max\)$'
        # Every mntr value is still there for Select-Object *.
        (Get-ZKServerStat -Command mntr).psobject.Properties.Name | Should -Contain 'zk_watch_count'
    }

    It 'show elections, leaders, groups and members' {
        $p = New-TestPath 'el'
        $election = Start-ZKElection $p -CandidateData 'node-1'
        try {
            Wait-Until { $election.IsLeader } | Should -BeTrue
            Format-Text $election | Should -Match "(?m)^$p\s+Leader\s+$p/\S+"
            Format-Text (Get-ZKLeader $p) | Should -Match "(?m)^$p\s+\S+\s+node-1\s+1\s*$"
        }
        finally { $election | Stop-ZKElection }
        $g = New-TestPath 'grp'
        $membership = Join-ZKGroup $g -MemberId 'web-1' -Data 'http://web-1'
        try {
            # The member list is the group's cache: it shows this member once the cache has seen it.
            Wait-Until { $membership.Members.Count -eq 1 } | Should -BeTrue
            Format-Text $membership | Should -Match "(?m)^$g\s+1\s+$g/\S+web-1"
            $owner = '0x{0:x}' -f $session.SessionId
            Format-Text (Get-ZKGroupMember $g) | Should -Match "(?m)^web-1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+$owner\s+http://web-1\s*$"
        }
        finally { $membership | Exit-ZKGroup }
    }

    It 'show a farm worker in one row' {
        $info = [PSZookeeper.Tasks.WorkerInfo]@{ Id = 'worker1'; Host = 'build7'; Pid = 4242; Capacity = 4; Started = [DateTimeOffset]'2026-01-02T03:04:05Z' }
        $info.Labels.Add('gpu'); $info.Labels.Add('linux')
        $text = Format-Text ([PSZookeeper.Farm.ZKWorker]::new($info, 3))
        $started = ([DateTimeOffset]'2026-01-02T03:04:05Z').LocalDateTime.ToString('yyyy-MM-dd HH:mm:ss')
        $text | Should -Match "(?m)^worker1\s+build7\s+4242\s+3\s+4\s+gpu,linux\s+$started\s*$"
    }
}
