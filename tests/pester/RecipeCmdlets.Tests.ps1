# The recipes' cmdlets beyond the exclusive lock, elections and groups (issue 13 item 4), and
# Use- cmdlets that stream and stop on a lost lease, against a real server.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:server = Start-ZKTestServer
    $script:one = Connect-Zookeeper -ComputerName $server.ConnectString -Name One
    $script:two = Connect-Zookeeper -ComputerName $server.ConnectString -Name Two

    function Start-OtherSession([scriptblock] $Script, [object[]] $Arguments = @()) {
        # Another session in a thread of its own, as another process would be.
        Start-ThreadJob -ScriptBlock {
            param($manifest, $cs, $body, $arguments)
            Import-Module $manifest
            $session = Connect-Zookeeper -ComputerName $cs -Name Other
            try { & ([scriptblock]::Create($body)) $session @arguments } finally { $session | Disconnect-Zookeeper }
        } -ArgumentList $ModuleManifest, $server.ConnectString, $Script.ToString(), $Arguments
    }
}

AfterAll {
    Get-Job | Remove-Job -Force -ErrorAction Ignore
    Disconnect-Zookeeper -All -ErrorAction Ignore
    $server | Stop-ZKTestServer
}

Describe 'Use- cmdlets' {
    It 'Use-ZKLock streams the block''s output while the block still runs' {
        $p = New-TestPath 'lock'
        $script:seen = $false
        # The block waits (bounded) until the next command has received its first item: only
        # output written as it is produced gets there before the block ends.
        $out = Use-ZKLock -Session $one -Path $p -ScriptBlock {
            'first'
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not $script:seen -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 10 }
            "seen=$script:seen"
        } | ForEach-Object { $script:seen = $true; $_ }
        $out | Should -Be @('first', 'seen=True')
    }

    It 'Use-ZKLock passes errors, warnings and the caller''s variables through' {
        $p = New-TestPath 'lock'
        $local = 'caller'
        $out = Use-ZKLock -Session $one -Path $p -ScriptBlock {
            Write-Warning 'careful'
            Write-Error 'soft' -ErrorId Soft
            "$local $($ZKLease.IsHeld)"
        } -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -Be 'caller True'
        "$warnings" | Should -Be 'careful'
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'Soft*'
    }

    It 'Use-ZKLock stops the block when the lease is lost, with an error that says so' {
        $proxy = New-ZKTestProxy $server
        try {
            $victim = Connect-Zookeeper -ComputerName $proxy.ConnectString -Name Victim -SessionTimeout 4
            $p = New-TestPath 'lock'
            $script:after = $false
            $script:streamed = @()
            $thrown = $null
            try {
                Use-ZKLock -Session $victim -Path $p -ScriptBlock {
                    'held'
                    Invoke-ZKSessionExpiry -Session $victim -Proxy $proxy -ServerConnectString $server.ConnectString | Out-Null
                    $deadline = [DateTime]::UtcNow.AddSeconds(60)
                    while ([DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
                    $script:after = $true
                } | ForEach-Object { $script:streamed += $_ }
            }
            catch { $thrown = $_ }
            $thrown.FullyQualifiedErrorId | Should -BeLike 'LeaseLost*'
            $thrown.Exception.Message | Should -BeLike "*lock lease $p/*was lost*stopped*"
            $script:streamed | Should -Be 'held'
            $script:after | Should -BeFalse
            # The session's end took the lock node with it: another session gets the lock at once.
            (Enter-ZKLock -Session $one -Path $p -Timeout 10) | Exit-ZKLock
        }
        finally {
            $null = $proxy.DisposeAsync()
        }
    }
}

Describe 'Read/write locks' {
    It 'readers share, a writer waits for them, and readers wait for the writer' {
        $p = New-TestPath 'rw'
        $r1 = Enter-ZKLock -Session $one -Path $p -Mode Read -Timeout 10
        $r2 = Enter-ZKLock -Session $two -Path $p -Mode Read -Timeout 10
        $r1.IsHeld -and $r2.IsHeld | Should -BeTrue
        { Enter-ZKLock -Session $two -Path $p -Mode Write -Timeout 0.5 -ErrorAction Stop } | Should -Throw -ErrorId 'LockTimeout,*'
        $r1, $r2 | Exit-ZKLock
        $w = Enter-ZKLock -Session $two -Path $p -Mode Write -Timeout 10
        $w.IsHeld | Should -BeTrue
        { Enter-ZKLock -Session $one -Path $p -Mode Read -Timeout 0.5 -ErrorAction Stop } | Should -Throw -ErrorId 'LockTimeout,*'
        Use-ZKLock -Session $one -Path $p -Mode Read -Timeout 0.5 -ScriptBlock { 'ran' } -ErrorAction SilentlyContinue -ErrorVariable e | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'LockTimeout*'
        $w | Exit-ZKLock
        Use-ZKLock -Session $one -Path $p -Mode Read -Timeout 10 -ScriptBlock { 'ran' } | Should -Be 'ran'
        Get-ZKChildItem -Session $one -Path $p -Name | Should -BeNullOrEmpty
    }
}

Describe 'Semaphores' {
    It 'gives at most -Limit leases at once' {
        $p = New-TestPath 'sem'
        $a = Enter-ZKSemaphore -Session $one -Path $p -Limit 2 -Timeout 10
        $b = Enter-ZKSemaphore -Session $two -Path $p -Limit 2 -Timeout 10
        { Enter-ZKSemaphore -Session $two -Path $p -Limit 2 -Timeout 0.5 -ErrorAction Stop } | Should -Throw -ErrorId 'SemaphoreTimeout,*'
        $a | Exit-ZKSemaphore
        Use-ZKSemaphore -Session $two -Path $p -Limit 2 -Timeout 10 -ScriptBlock { $ZKLease.IsHeld } | Should -BeTrue
        Exit-ZKSemaphore -Session $two -Path $p
        { Exit-ZKSemaphore -Session $two -Path $p -ErrorAction Stop } | Should -Throw -ErrorId 'SemaphoreNotHeld,*'
        $b.IsHeld | Should -BeFalse
    }
}

Describe 'Queues' {
    It 'pops in the order pushed, text and JSON, and waits no longer than -Timeout' {
        $p = New-TestPath 'queue'
        'a', 'b', 'c' | Push-ZKQueueItem -Session $one -Path $p | Should -HaveCount 3
        Push-ZKQueueItem -Session $one -Path $p -InputObject @{ n = 4 } -AsJson | Out-Null
        (Pop-ZKQueueItem -Session $two -Path $p -Count 3 -Timeout 5).Data | Should -Be @('a', 'b', 'c')
        (Pop-ZKQueueItem -Session $two -Path $p -AsJson -Timeout 5).Data.n | Should -Be 4
        Pop-ZKQueueItem -Session $two -Path $p -Timeout 0.5 -ErrorVariable e | Should -BeNullOrEmpty
        $e | Should -BeNullOrEmpty
        Get-ZKChildItem -Session $one -Path $p -Name | Should -BeNullOrEmpty
    }

    It 'gives every item to exactly one of two competing consumers' {
        $p = New-TestPath 'queue'
        1..40 | ForEach-Object { "item$_" } | Push-ZKQueueItem -Session $one -Path $p | Out-Null
        $job = Start-OtherSession { param($s, $path) Pop-ZKQueueItem -Session $s -Path $path -Count 20 -Timeout 20 | ForEach-Object Data } @($p)
        $mine = Pop-ZKQueueItem -Session $two -Path $p -Count 20 -Timeout 20 | ForEach-Object Data
        $theirs = $job | Wait-Job -Timeout 60 | Receive-Job
        $all = @($mine) + @($theirs)
        $all | Should -HaveCount 40
        $all | Sort-Object -Unique | Should -HaveCount 40
    }
}

Describe 'Barriers' {
    It 'Wait-ZKBarrier times out while raised and passes once removed' {
        $p = New-TestPath 'barrier'
        Set-ZKBarrier -Session $one -Path $p
        Test-ZKNode -Session $one -Path $p | Should -BeTrue
        { Wait-ZKBarrier -Session $two -Path $p -Timeout 0.5 -ErrorAction Stop } | Should -Throw -ErrorId 'BarrierTimeout,*'
        Remove-ZKBarrier -Session $one -Path $p -WhatIf
        Test-ZKNode -Session $one -Path $p | Should -BeTrue
        Remove-ZKBarrier -Session $one -Path $p
        Wait-ZKBarrier -Session $two -Path $p -Timeout 5 -ErrorAction Stop
    }

    It 'a double barrier lets participants through together and out together' {
        $p = New-TestPath 'double'
        $job = Start-OtherSession {
            param($s, $path)
            $b = Enter-ZKDoubleBarrier -Session $s -Path $path -Count 2 -Timeout 30
            'entered'
            $b | Exit-ZKDoubleBarrier -Session $s -Timeout 30
            'left'
        } @($p)
        $mine = Enter-ZKDoubleBarrier -Session $one -Path $p -Count 2 -Timeout 30
        $mine.NodePath | Should -BeLike "$p/*"
        $mine | Exit-ZKDoubleBarrier -Session $one -Timeout 30
        $job | Wait-Job -Timeout 60 | Receive-Job | Should -Be @('entered', 'left')
    }

    It 'a participant alone gives up after -Timeout and leaves no node' {
        $p = New-TestPath 'double'
        { Enter-ZKDoubleBarrier -Session $one -Path $p -Count 2 -Timeout 0.5 -ErrorAction Stop } | Should -Throw -ErrorId 'BarrierTimeout,*'
        Get-ZKChildItem -Session $one -Path $p -Name | Where-Object { $_ -ne 'ready' } | Should -BeNullOrEmpty
    }
}

Describe 'Shared counters' {
    It 'adds, sets and reads' {
        $p = New-TestPath 'counter'
        Get-ZKCounter -Session $one -Path $p | Should -Be 0
        Add-ZKCounter -Session $one -Path $p -Value 5 | Should -Be 5
        Add-ZKCounter -Session $two -Path $p -Value -2 | Should -Be 3
        Add-ZKCounter -Session $two -Path $p | Should -Be 4
        Set-ZKCounter -Session $one -Path $p -Value 10
        Get-ZKCounter -Session $two -Path $p | Should -Be 10
    }

    It 'loses no increment between two competing sessions' {
        $p = New-TestPath 'counter'
        $job = Start-OtherSession { param($s, $path) 1..50 | ForEach-Object { Add-ZKCounter -Session $s -Path $path } | Out-Null } @($p)
        1..50 | ForEach-Object { Add-ZKCounter -Session $one -Path $p } | Out-Null
        $job | Wait-Job -Timeout 60 | Receive-Job
        $job.State | Should -Be 'Completed'
        Get-ZKCounter -Session $one -Path $p | Should -Be 100
    }
}

Describe 'Caches' {
    AfterEach { Get-Event | Remove-Event }

    It 'a tree cache keeps a copy and raises each later change as an event, in order' {
        $p = New-TestPath 'cache'
        New-ZKNode -Session $one -Path "$p/before" -Value 'x' -Force | Out-Null
        $cache = New-ZKCache -Session $one -Path $p -Tree -SourceIdentifier TreeCache
        $cache.Nodes.Path | Should -Be @($p, "$p/before")
        New-ZKNode -Session $two -Path "$p/a" -Value 'one' | Out-Null
        $e = Wait-Event -SourceIdentifier TreeCache -Timeout 20
        # The initial load is in the copy, not in the events: the first event is the new node.
        $e.SourceEventArgs.Type | Should -Be 'Added'
        $e.SourceEventArgs.Path | Should -Be "$p/a"
        $e.SourceEventArgs.Data | Should -Be 'one'
        $e | Remove-Event
        1..10 | ForEach-Object { Set-ZKNode -Session $two -Path "$p/a" -Value "v$_" }
        Remove-ZKNode -Session $two -Path "$p/a"
        $changes = @()
        while ($changes.Count -eq 0 -or $changes[-1].Type -ne 'Removed') {
            $next = Wait-Event -SourceIdentifier TreeCache -Timeout 20
            $next | Should -Not -BeNullOrEmpty
            $changes += $next.SourceEventArgs
            $next | Remove-Event
        }
        # Updates may coalesce (the cache reads the data current when it looks), but never reorder,
        # and each carries the data of its own version (set N wrote vN as version N).
        $changes.Sequence | Should -Be ($changes.Sequence | Sort-Object)
        $updates = @($changes | Where-Object Type -eq 'Updated')
        $updates.Count | Should -BeGreaterThan 0
        $updates.Stat.Version | Should -Be ($updates.Stat.Version | Sort-Object -Unique)
        foreach ($u in $updates) { $u.Data | Should -Be "v$($u.Stat.Version)" }
        $cache.GetNode("$p/a") | Should -BeNullOrEmpty
        $cache | Remove-ZKCache
        $cache.IsRunning | Should -BeFalse
    }

    It 'node and children caches follow their node' {
        $p = New-TestPath 'cache'
        New-ZKNode -Session $one -Path $p -Value 'start' | Out-Null
        $node = New-ZKCache -Session $one -Path $p -SourceIdentifier NodeCache
        $children = New-ZKCache -Session $one -Path $p -Children -SourceIdentifier ChildCache
        try {
            ($node.Nodes | ForEach-Object { [Text.Encoding]::UTF8.GetString($_.Data) }) | Should -Be 'start'
            Set-ZKNode -Session $two -Path $p -Value 'changed'
            (Wait-Event -SourceIdentifier NodeCache -Timeout 20).SourceEventArgs.Data | Should -Be 'changed'
            New-ZKNode -Session $two -Path "$p/kid" | Out-Null
            $kid = (Wait-Event -SourceIdentifier ChildCache -Timeout 20).SourceEventArgs
            $kid.Type | Should -Be 'Added'
            $kid.Path | Should -Be "$p/kid"
            $children.Nodes.Name | Should -Be 'kid'
        }
        finally {
            $node, $children | Remove-ZKCache
        }
    }

    It 'stops when its session ends' {
        $s = Connect-Zookeeper -ComputerName $server.ConnectString -Name Short
        $cache = New-ZKCache -Session $s -Path / -Children
        $cache.IsRunning | Should -BeTrue
        $s | Disconnect-Zookeeper
        $cache.IsRunning | Should -BeFalse
    }
}
