# The original module's documented usage (seeds/001), verbatim, against a real server.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:server = Start-ZKTestServer
    $script:cs = $server.ConnectString
}

AfterAll {
    Disconnect-Zookeeper -All -ErrorAction Ignore
    Get-EventSubscriber | Unregister-Event -ErrorAction Ignore
    Get-Job | Remove-Job -Force -ErrorAction Ignore
    $server | Stop-ZKTestServer
}

Describe 'Connect-Zookeeper as the README documents it' {
    BeforeAll {
        $script:observer = Connect-Zookeeper -ComputerName $cs -Name Observer
    }

    It 'tight loop: runs the Action, keeps the ephemeral node alive until stopped (Ctrl+C), then closes' {
        $name = 'worker-' + [Guid]::NewGuid().ToString('N').Substring(0, 6)
        $loop = Start-IsolatedPowerShell -Variables @{ cs = $cs; name = $name } -Script @'
Connect-Zookeeper -Computername $cs -Action {
    $zkclient |New-ZKEphemeralNode -Path "/workers/$name"
}
'@
        try {
            Wait-Until { Test-ZKNode -Session $observer -Path "/workers/$name" } | Should -BeTrue
            # After the Action ran the loop keeps waiting: the session that owns the ephemeral is
            # still open (a sync makes the observer's server catch up with every close before it).
            Sync-ZKNode -Session $observer -Path '/workers'
            $owner = (Get-ZKNode -Session $observer -Path "/workers/$name").Stat.EphemeralOwner
            $owner | Should -Not -Be 0
            Test-ZKNode -Session $observer -Path "/workers/$name" | Should -BeTrue
            $loop.Handle.IsCompleted | Should -BeFalse
        }
        finally {
            Stop-IsolatedPowerShell $loop
        }
        Wait-Until { -not (Test-ZKNode -Session $observer -Path "/workers/$name") } | Should -BeTrue
    }

    It '"completed" on a line by itself ends the loop and closes the connection' {
        $before = @(Get-ZKSession).Count
        $out = Connect-Zookeeper -Computername $cs -Action {
            $zkclient |New-ZKSequentialNodeData -path "/tasks/task-" -InputText 'some payload'
            "completed"
        }
        $out | Should -HaveCount 1
        $out.Path | Should -Match '^/tasks/task-\d{10}$'
        (Get-ZKNode -Session $observer -Path $out.Path).Data | Should -Be 'some payload'
        $out.Session.State | Should -Be 'Closed'
        @(Get-ZKSession).Count | Should -Be $before
        $out | Should -Not -Contain 'completed'
    }

    It '-PassThru returns at once and keeps the connection and its event jobs open' {
        $name = 'pt-' + [Guid]::NewGuid().ToString('N').Substring(0, 6)
        $result = Connect-Zookeeper -Computername $cs -Action {
            $zkclient |New-ZKEphemeralNode -Path "/workers/$name"
            $zkclient | Register-ZKWatch -Path '/tasks' -Children -SourceIdentifier "tasks-$name" -Action { $EventArgs.Added }
        } -passthru
        $session = $result | Where-Object { $_ -is [PSZookeeper.ZKSession] }
        $session.State | Should -Be 'Connected'
        $zkclient | Should -Be $session
        $task = $zkclient |New-SequentialNodeData -path "/tasks/task-" -InputText 'some payload'
        $job = Get-Job -Name "tasks-$name"
        Wait-Until { $job.HasMoreData } | Should -BeTrue
        $received = Get-Job |Receive-Job # this will show the jobs that are watching events
        $received | Should -Contain ($task.Path -replace '^/tasks/', '')
        Test-ZKNode -Session $observer -Path "/workers/$name" | Should -BeTrue
        Disconnect-Zookeeper -Session $session
        Get-Job -Name "tasks-$name" -ErrorAction Ignore | Should -BeNullOrEmpty
        Wait-Until { -not (Test-ZKNode -Session $observer -Path "/workers/$name") } | Should -BeTrue
    }

    It 'reads $GLOBAL:payload inside the Action' {
        $GLOBAL:payload = 'This is payload in the global scope'
        $out = Connect-Zookeeper -Computername $cs -Action {
            $zkclient |New-SequentialNodeData -path "/tasks/task-" -InputText $GLOBAL:payload
            "completed"
        }
        (Get-ZKNode -Session $observer -Path $out.Path).Data | Should -Be 'This is payload in the global scope'
    }

    It 'calls a function GLOBAL:New-Something from the Action (loop runs until stopped)' {
        $loop = Start-IsolatedPowerShell -Variables @{ cs = $cs } -Script @'
function GLOBAL:New-Something {
    "made something new"
}
Connect-Zookeeper -Computername $cs -Action {
    New-Something
}
'@
        try {
            Wait-Until { $loop.Output.Count -ge 1 } | Should -BeTrue
            $loop.Output[0] | Should -Be 'made something new'
            $loop.Handle.IsCompleted | Should -BeFalse
        }
        finally {
            Stop-IsolatedPowerShell $loop
        }
    }

    It 'runs watch -Action blocks while the loop waits' {
        $root = New-TestPath 'jobs'
        New-ZKNode -Session $observer -Path $root | Out-Null
        $loop = Start-IsolatedPowerShell -Variables @{ cs = $cs; root = $root } -Script @'
Connect-Zookeeper -Computername $cs -Action {
    $zkclient | Register-ZKWatch -Path $root -Children -Action {
        foreach ($added in $EventArgs.Added) {
            if ($added -notlike 'ack-*') { $zkclient | New-ZKNode -Path "$($EventArgs.Path)/ack-$added" | Out-Null }
        }
    } | Out-Null
    "registered"
}
'@
        try {
            Wait-Until { $loop.Output.Count -ge 1 } | Should -BeTrue
            New-ZKNode -Session $observer -Path "$root/one" | Out-Null
            New-ZKNode -Session $observer -Path "$root/two" | Out-Null
            Wait-Until { (Test-ZKNode -Session $observer -Path "$root/ack-one") -and (Test-ZKNode -Session $observer -Path "$root/ack-two") } | Should -BeTrue
        }
        finally {
            Stop-IsolatedPowerShell $loop
        }
    }

    It 'reconnects after a session expiry and runs the Action again' {
        $GLOBAL:proxy = New-ZKTestProxy $server
        $GLOBAL:zkServerCs = $cs
        $GLOBAL:runs = 0
        try {
            $out = Connect-Zookeeper -Computername $proxy.ConnectString -SessionTimeout 4 -Action {
                $GLOBAL:runs++
                if ($GLOBAL:runs -ge 2) { "completed"; return }
                $GLOBAL:victim = $zkclient
                $timer = [System.Timers.Timer]::new(300)
                $timer.AutoReset = $false
                Register-ObjectEvent $timer Elapsed -SourceIdentifier ExpireTimer -Action {
                    Invoke-ZKSessionExpiry -Session $GLOBAL:victim -Proxy $GLOBAL:proxy -ServerConnectString $GLOBAL:zkServerCs
                    Unregister-Event ExpireTimer
                } | Out-Null
                $timer.Start()
            } -WarningVariable warnings -WarningAction SilentlyContinue
            $GLOBAL:runs | Should -Be 2
            $GLOBAL:victim.State | Should -Be 'Expired'
            "$warnings" | Should -Match 'expired; reconnecting'
        }
        finally {
            Get-Job -Name ExpireTimer -ErrorAction Ignore | Remove-Job -Force
            $null = $GLOBAL:proxy.DisposeAsync()
        }
    }
}
