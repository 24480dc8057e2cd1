# Watches as PowerShell events, Wait-ZKNode, sessions and engine events, against a real server.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:server = Start-ZKTestServer
    $script:session = Connect-Zookeeper -ComputerName $server.ConnectString -Name Watches

    function Get-TotalWatches {
        # The server's count of watches over all sessions (the wchs four-letter word).
        if ((Get-ZKServerStat $server.ConnectString wchs -Raw) -match 'Total watches:\s*(\d+)') { [int]$Matches[1] } else { throw 'wchs gave no total' }
    }
}

AfterAll {
    Get-EventSubscriber | Unregister-Event -ErrorAction Ignore
    Get-Job | Remove-Job -Force -ErrorAction Ignore
    Disconnect-Zookeeper -All -ErrorAction Ignore
    $server | Stop-ZKTestServer
}

Describe 'Register-ZKWatch' {
    AfterEach {
        Unregister-ZKWatch -All
        Get-Event | Remove-Event
    }
    It 'queues events for Wait-Event / Get-Event without -Action' {
        $p = New-TestPath
        Register-ZKWatch -Path $p -Exists -SourceIdentifier exists-watch
        New-ZKNode $p | Out-Null
        $e = Wait-Event -SourceIdentifier exists-watch -Timeout 10
        $e | Should -Not -BeNullOrEmpty
        $e.SourceEventArgs.EventType | Should -Be 'NodeCreated'
        $e.SourceEventArgs.Path | Should -Be $p
    }
    It 'returns the event job for -Action, visible in Get-Job' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        $job = Register-ZKWatch -Path $p -Data -SourceIdentifier data-watch -Action { $EventArgs.Data }
        $job | Should -BeOfType [System.Management.Automation.PSEventJob]
        (Get-Job -Name data-watch).Id | Should -Be $job.Id
        Set-ZKNode $p -Value 'changed'
        Wait-Until { $job.HasMoreData } | Should -BeTrue
        Receive-Job $job | Should -Be 'changed'
    }
    It 'gives children events with Added and Removed names' {
        $p = New-TestPath
        New-ZKNode "$p/keep" -Force | Out-Null
        Register-ZKWatch -Path $p -Children -SourceIdentifier kids
        New-ZKNode "$p/new" | Out-Null
        $added = Wait-Event kids -Timeout 10
        $added.SourceEventArgs.Added | Should -Be 'new'
        $added.SourceEventArgs.Removed | Should -BeNullOrEmpty
        $added.SourceEventArgs.Children | Should -Be @('keep', 'new')
        $added | Remove-Event
        Remove-ZKNode "$p/keep"
        $removed = Wait-Event kids -Timeout 10
        $removed.SourceEventArgs.Removed | Should -Be 'keep'
        $removed.SourceEventArgs.Added | Should -BeNullOrEmpty
    }
    It 'watches a subtree with -Recursive' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        $zkclient | Register-ZKWatch -Path $p -Recursive -SourceIdentifier rec
        New-ZKNode "$p/a" -Value 1 | Out-Null
        New-ZKNode "$p/a/b" -Value 2 | Out-Null
        Wait-Until { @(Get-Event -SourceIdentifier rec -ErrorAction Ignore).Count -ge 2 } | Should -BeTrue
        (Get-Event -SourceIdentifier rec).SourceEventArgs.Path | Should -Be @("$p/a", "$p/a/b")
    }
    It 'delivers a burst of 10,000 events in order, without loss' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        $GLOBAL:burstCount = 0
        $GLOBAL:burstOutOfOrder = 0
        $GLOBAL:burstMarkerAt = 0
        $null = Register-ZKWatch -Path $p -Data -SourceIdentifier burst -Action {
            $GLOBAL:burstCount++
            if ($EventArgs.Sequence -ne $GLOBAL:burstCount) { $GLOBAL:burstOutOfOrder++ }
            if ($EventArgs.Data -eq 'marker') { $GLOBAL:burstMarkerAt = $GLOBAL:burstCount }
        }
        $tasks = [System.Collections.Generic.List[System.Threading.Tasks.Task]]::new()
        foreach ($i in 1..10000) { $tasks.Add($session.Client.SetDataAsync($p, $null, -1)) }
        [System.Threading.Tasks.Task]::WaitAll($tasks.ToArray())
        Wait-Until { $GLOBAL:burstCount -ge 10000 } -TimeoutSeconds 120 | Should -BeTrue
        # Events arrive in order, so once a marker change written after the burst has come, any
        # extra event from the burst would have come before it.
        Set-ZKNode $p -Value 'marker'
        Wait-Until { $GLOBAL:burstMarkerAt -gt 0 } | Should -BeTrue
        $GLOBAL:burstMarkerAt | Should -Be 10001
        $GLOBAL:burstOutOfOrder | Should -Be 0
    }
    It 'Unregister-ZKWatch removes the subscription, its job and the server watch' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        $null = Register-ZKWatch -Path $p -SourceIdentifier gone -Action { 'fired' }
        $watcher = (Get-EventSubscriber -SourceIdentifier gone).SourceObject
        Unregister-ZKWatch -SourceIdentifier gone
        Get-EventSubscriber -SourceIdentifier gone -ErrorAction Ignore | Should -BeNullOrEmpty
        Get-Job -Name gone -ErrorAction Ignore | Should -BeNullOrEmpty
        $watcher.IsRunning | Should -BeFalse
        { Unregister-ZKWatch -SourceIdentifier gone -ErrorAction Stop } | Should -Throw -ErrorId 'WatchNotFound,*'
    }
    It 'Unregister-Event also stops the watch' {
        $p = New-TestPath
        Register-ZKWatch -Path $p -SourceIdentifier plain
        $watcher = (Get-EventSubscriber -SourceIdentifier plain).SourceObject
        Unregister-Event plain
        $watcher.IsRunning | Should -BeFalse
    }
}

Describe 'Wait-ZKNode' {
    It 'returns $true at once when the condition holds, $false after -Timeout' {
        Wait-ZKNode -Path '/' -Exists | Should -BeTrue
        Wait-ZKNode -Path '/nope' -Deleted | Should -BeTrue
        Wait-ZKNode -Path '/nope' -Exists -Timeout 0.5 | Should -BeFalse
    }
    It 'leaves no watch behind on the server when it returns at once or times out' {
        $p = New-TestPath
        New-ZKNode $p | Out-Null
        Wait-ZKNode -Path $p -Exists | Should -BeTrue
        Wait-ZKNode -Path "$p-never" -Exists -Timeout 0.2 | Should -BeFalse
        # CheckWatches asks the server itself whether this session still watches the path.
        function Test-ServerWatch([string] $Path) {
            try { $session.Client.CheckWatchesAsync($Path, 'Data').GetAwaiter().GetResult(); $true }
            catch [PSZookeeper.Client.Errors.NoWatcherException] { $false }
        }
        Test-ServerWatch $p | Should -BeFalse
        Test-ServerWatch "$p-never" | Should -BeFalse
    }
    It 'wakes when another session creates, changes or deletes the node' {
        $p = New-TestPath
        # The other session creates the node once the server holds one more watch than now (the
        # waiter's), changes it until this session has seen a change, then deletes it.
        $other = Start-IsolatedPowerShell -Variables @{ cs = $server.ConnectString; p = $p; base = (Get-TotalWatches) } -Script @'
Connect-Zookeeper $cs | Out-Null
$deadline = [DateTime]::UtcNow.AddSeconds(30)
while (-not ((Get-ZKServerStat $cs wchs -Raw) -match 'Total watches:\s*(\d+)' -and [int]$Matches[1] -gt $base)) {
    if ([DateTime]::UtcNow -gt $deadline) { throw 'The waiter never set its watch.' }
    [System.Threading.Thread]::Sleep(5)
}
New-ZKNode $p | Out-Null
while (-not (Test-ZKNode "$p-seen")) {
    if ([DateTime]::UtcNow -gt $deadline) { throw 'The waiter never saw a change.' }
    Set-ZKNode $p -Value 'changed'
    [System.Threading.Thread]::Sleep(5)
}
Remove-ZKNode $p
'@
        try {
            Wait-ZKNode -Path $p -Exists -Timeout 30 | Should -BeTrue
            Wait-ZKNode -Path $p -Changed -Timeout 30 | Should -BeTrue
            (Get-ZKNode $p).Data | Should -Be 'changed'
            New-ZKNode "$p-seen" | Out-Null
            Wait-ZKNode -Path $p -Deleted -Timeout 30 | Should -BeTrue
            Wait-Until { $other.Handle.IsCompleted } | Should -BeTrue
            $other.PowerShell.Streams.Error | Should -BeNullOrEmpty
        }
        finally {
            Stop-IsolatedPowerShell $other
        }
    }
    It 'is cancelled by Ctrl+C (StopProcessing)' {
        $base = Get-TotalWatches
        $ps = Start-IsolatedPowerShell -Variables @{ cs = $server.ConnectString } -Script 'Connect-Zookeeper $cs | Out-Null; Wait-ZKNode -Path /never -Exists'
        try {
            # Waiting for real: the server holds its exists watch.
            Wait-Until { (Get-TotalWatches) -gt $base } | Should -BeTrue
            $ps.Handle.IsCompleted | Should -BeFalse
            $stopping = $ps.PowerShell.BeginStop($null, $null)
            # A bound for liveness only: a Wait-ZKNode that ignored Ctrl+C would never stop.
            $stopping.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(30)) | Should -BeTrue
            $ps.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $ps.PowerShell.Dispose()
        }
    }
}

Describe 'Sessions' {
    It 'keeps named sessions and a current one' {
        $a = Connect-Zookeeper $server.ConnectString -Name SessA
        $b = Connect-Zookeeper $server.ConnectString -Name SessB
        (Get-ZKSession -Current).Name | Should -Be 'SessB'
        (Get-ZKSession Sess*).Name | Should -Be @('SessA', 'SessB')
        $zkclient | Should -Be $b
        Disconnect-Zookeeper -Name SessB
        $b.State | Should -Be 'Closed'
        (Get-ZKSession -Current).Name | Should -Not -Be 'SessB'
        $a | Disconnect-Zookeeper
        Get-ZKSession SessA -ErrorAction Ignore | Should -BeNullOrEmpty
        { Get-ZKSession SessA -ErrorAction Stop } | Should -Throw -ErrorId 'SessionNotFound,*'
    }
    It 'raises connection state changes as PowerShell engine events' {
        $GLOBAL:stateChanges = @()
        $null = Register-EngineEvent -SourceIdentifier PSZookeeper.StateChanged -Action {
            $GLOBAL:stateChanges += [pscustomobject]@{ Name = $Event.SourceArgs[0].Name; Change = $Event.SourceArgs[1].Change }
        }
        try {
            $s = Connect-Zookeeper $server.ConnectString -Name StateEvents
            Disconnect-Zookeeper -Session $s
            Wait-Until { $GLOBAL:stateChanges | Where-Object { $_.Name -eq 'StateEvents' -and $_.Change -eq 'Closed' } } | Should -BeTrue
        }
        finally {
            Unregister-Event PSZookeeper.StateChanged
        }
    }
    It 'fails to connect with ConnectFailed when no server answers' {
        { Connect-Zookeeper '127.0.0.1:1' -ConnectTimeout 1 -ErrorAction Stop } | Should -Throw -ErrorId 'ConnectFailed,*'
    }
    It 'completes znode paths from the current session' {
        $null = Connect-Zookeeper $server.ConnectString -Name Completion
        New-ZKNode '/completeme-alpha' -Force -ErrorAction Ignore | Out-Null
        $line = 'Get-ZKNode -Path /completeme-a'
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $r.CompletionMatches.CompletionText | Should -Contain '/completeme-alpha'
    }
}
