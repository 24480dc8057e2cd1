# Watch-ZKNode: watch events as pipeline output, against a real server.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:server = Start-ZKTestServer
    $script:session = Connect-Zookeeper -ComputerName $server.ConnectString -Name Watch

    function Start-Watch([string] $Arguments) {
        # Watch-ZKNode in a runspace of its own, as in a second console; its output arrives as it is produced.
        Start-IsolatedPowerShell -Script "Connect-Zookeeper -ComputerName '$($server.ConnectString)' | Out-Null; Watch-ZKNode $Arguments"
    }

    function Get-WatchOutput($Watch) {
        # By index: enumerating an open PSDataCollection blocks until it is closed.
        $items = $Watch.Output
        for ($k = 0; $k -lt $items.Count; $k++) { $items[$k] }
    }
}

AfterAll {
    Disconnect-Zookeeper -All -ErrorAction Ignore
    $server | Stop-ZKTestServer
}

Describe 'Watch-ZKNode' {
    It 'streams every change in order with -Recursive, losing none, until stopped (Ctrl+C)' {
        $p = New-TestPath 'watch'
        New-ZKNode "$p/x" -Value 0 -Force | Out-Null
        $watch = Start-Watch "-Path '$p' -Recursive"
        try {
            # Probe until the watch is armed: the first event proves it.
            $probes = [ref]0
            Wait-Until { $probes.Value++; Set-ZKNode "$p/x" -Value "probe $($probes.Value)"; $watch.Output.Count -gt 0 } | Should -BeTrue
            # Probes sent before the watch was armed gave no event: a sentinel marks where the checked changes begin.
            New-ZKNode "$p/sentinel" | Out-Null
            Wait-Until { (Get-WatchOutput $watch).Path -contains "$p/sentinel" } | Should -BeTrue
            $i = [array]::IndexOf(@((Get-WatchOutput $watch).Path), "$p/sentinel") + 1
            Set-ZKNode "$p/x" -Value 'one'
            New-ZKNode "$p/y" -Value 'why' | Out-Null
            Remove-ZKNode "$p/y"
            Set-ZKNode "$p/x" -Value 'two'
            Wait-Until { $watch.Output.Count -ge $i + 4 } | Should -BeTrue
            $events = @(Get-WatchOutput $watch)[$i..($i + 3)]
            $events.Type | Should -Be @('NodeDataChanged', 'NodeCreated', 'NodeDeleted', 'NodeDataChanged')
            $events.Path | Should -Be @("$p/x", "$p/y", "$p/y", "$p/x")
            $events[3].Data | Should -BeExactly 'two'
            $events.Sequence | Should -Be (($i + 1)..($i + 4))
            $watch.Output.Count | Should -Be ($i + 4)
        } finally {
            Stop-IsolatedPowerShell $watch
        }
    }
    It 'ends after -Count events' {
        $p = New-TestPath 'count'
        New-ZKNode $p -Value 0 | Out-Null
        $watch = Start-Watch "-Path '$p' -Data -Count 3"
        try {
            $n = [ref]0
            Wait-Until { $n.Value++; Set-ZKNode $p -Value $n.Value; $watch.Handle.IsCompleted } | Should -BeTrue
            $watch.Output.Count | Should -Be 3
            $watch.Output.Type | Should -Be @('NodeDataChanged', 'NodeDataChanged', 'NodeDataChanged')
            $watch.PowerShell.Streams.Error | Should -BeNullOrEmpty
        } finally {
            Stop-IsolatedPowerShell $watch
        }
    }
    It 'ends quietly after -Timeout, and removes its watch' {
        $p = New-TestPath 'timeout'
        New-ZKNode $p | Out-Null
        $out = Watch-ZKNode $p -Data -Timeout 0.2
        $out | Should -BeNullOrEmpty
        $session.Watchers | Where-Object Path -eq $p | Should -BeNullOrEmpty
    }
    It 'reports children added and removed with -Children' {
        $p = New-TestPath 'children'
        New-ZKNode $p | Out-Null
        $watch = Start-Watch "-Path '$p' -Children -Count 2"
        try {
            $n = [ref]0
            Wait-Until { $n.Value++; New-ZKNode "$p/c$($n.Value)" | Out-Null; $watch.Handle.IsCompleted } | Should -BeTrue
            $events = @($watch.Output)
            $events.Type | Should -Be @('NodeChildrenChanged', 'NodeChildrenChanged')
            # Each event's Added is what changed since the previous read of the children (creations may
            # coalesce under load, or precede the first read): the lists must chain, and name only nodes this test created.
            @($events[1].Children | Sort-Object) | Should -Be @(@($events[0].Children) + @($events[1].Added) | Sort-Object -Unique)
            @($events[1].Children).Count | Should -BeGreaterThan 1
            $created = 1..$n.Value | ForEach-Object { "c$_" }
            @($events.Added) | ForEach-Object { $created | Should -Contain $_ }
            @($events.Removed) | Should -BeNullOrEmpty
        } finally {
            Stop-IsolatedPowerShell $watch
        }
    }
    It 'fails with a clear error for an invalid path, and accepts only one kind' {
        { Watch-ZKNode 'no-slash' -Timeout 1 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidPath,*'
        { Watch-ZKNode /a -Data -Children -Timeout 1 -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
    }
}
