# Farm tasks return their results the way Receive-Job does: deserialized objects, error records,
# warnings; large results in chunks, cut at the farm's limit with a note, never silently.
BeforeAll {
    $FarmWorkPrefix = 'results'
    . (Join-Path $PSScriptRoot 'FarmProcesses.ps1')
    $script:root = New-TestPath 'results'
    $script:session = Connect-Zookeeper -ComputerName $cs -Name ResultsObserver -PassThru
    $script:farm = @{ Session = $session; Root = $root }
    $script:processes = foreach ($role in @('master', 'rmaster'), @('worker', 'rworker')) {
        Start-PowerShellProcess -ScriptPath (Join-Path $examples "$($role[0]).ps1") -WorkingDirectory $work `
            -LogPath (Join-Path $work "$($role[1]).log") -ArgumentList $role[1], '-ComputerName', $cs, '-Root', $root
    }
    # Waited for first: Should's -Because is evaluated when its pipeline starts.
    $registered = Wait-Until { @(Get-ZKWorker @farm).Count -eq 1 } -TimeoutSeconds 90
    $registered | Should -BeTrue -Because "the worker registers$([Environment]::NewLine)$(Get-ProcessLogReport $work)"
    $script:workerPid = (Get-ZKWorker @farm).Pid
}

AfterAll {
    Stop-FarmTestSetup
}

Describe 'Farm task results as objects' {
    It 'gives back Process-shaped objects from sendtask.ps1 -Wait | Receive-ZKTask' {
        $process = [pscustomobject]@{ cmd = 'Get-Process -Id $PID' } |
            & (Join-Path $examples 'sendtask.ps1') -ComputerName $cs -Root $root -Wait -WaitSeconds 120 |
            Receive-ZKTask @farm
        @($process).Count | Should -Be 1
        $process.PSObject.TypeNames[0] | Should -Be 'Deserialized.System.Diagnostics.Process'
        $process.Id | Should -Be $workerPid
        $process.Name | Should -Not -BeNullOrEmpty
    }

    It 'round-trips an object with nested properties' {
        $task = Send-ZKTask @farm -Wait -WaitSeconds 120 -Command '[pscustomobject]@{ Name = "outer"; Inner = [pscustomobject]@{ Number = 42; List = 1, 2, 3 }; When = [datetime]"2026-12-02T07:00:00" }'
        $task.State | Should -Be 'Succeeded'
        $result = Receive-ZKTask @farm -Id $task.Id
        $result.Name | Should -Be 'outer'
        $result.Inner.Number | Should -Be 42
        $result.Inner.Number | Should -BeOfType [int]
        @($result.Inner.List) | Should -Be @(1, 2, 3)
        $result.When | Should -Be ([datetime]'2026-12-02T07:00:00')
    }

    It 'writes the task''s errors as error records and its warnings as warnings' {
        $task = Send-ZKTask @farm -Wait -WaitSeconds 120 -MaxAttempts 1 -Command 'Write-Warning "careful"; "before"; Write-Error "bad thing" -ErrorId Custom.Id; "after"'
        $task.State | Should -Be 'Failed'
        $output = Receive-ZKTask @farm -Id $task.Id -ErrorVariable errors -WarningVariable warnings -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $output | Should -Be @('before', 'after')
        $errors.Count | Should -Be 1
        $errors[0].Exception.Message | Should -Be 'bad thing'
        # The task's own error id comes first; PowerShell appends the cmdlet that wrote it here.
        ($errors[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'Custom.Id'
        $errors[0].TargetObject | Should -Be $task.Id
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Be 'careful'
    }

    It 'brings a 1 MB result back whole, stored in chunks' {
        $task = Send-ZKTask @farm -Wait -WaitSeconds 120 -Command '"x" * 1MB'
        $task.State | Should -Be 'Succeeded'
        $task.Result.Chunks | Should -BeGreaterThan 1
        $task.Result.Truncated | Should -BeFalse
        $text = Receive-ZKTask @farm -Id $task.Id
        $text.Length | Should -Be 1MB
        $text | Should -Match '^x+$'
        # No chunk node comes near the server's 1 MiB limit.
        Get-ZKChildItem -Session $session -Path "$root/results/$($task.Id)" | ForEach-Object {
            (Get-ZKNode -Session $session -Path "$root/results/$($task.Id)/$($_.Name)").Stat.DataLength | Should -BeLessOrEqual 512KB
        }
    }

    It 'cuts a 20 MB result at the farm''s limit and says how much it kept' {
        $task = Send-ZKTask @farm -Wait -WaitSeconds 300 -Command '1..20 | ForEach-Object { "$_" * 1MB }'
        $task.State | Should -Be 'Succeeded'
        $task.Result.Truncated | Should -BeTrue
        $task.Result.Items | Should -Be 20
        $task.Result.ItemsKept | Should -BeLessThan 20
        $task.Result.BytesKept | Should -BeLessOrEqual 8MB
        $kept = @(Receive-ZKTask @farm -Id $task.Id -WarningVariable warnings -WarningAction SilentlyContinue)
        $kept.Count | Should -Be $task.Result.ItemsKept
        $kept[0] | Should -Be ('1' * 1MB)
        "$warnings" | Should -Match "cut at the farm's limit: $($task.Result.ItemsKept) of 20 items"
    }
}

Describe 'Farm tasks as typed objects' {
    It 'filters Get-ZKTask by state and waits for many tasks at once' {
        $ids = 1..4 | ForEach-Object { Send-ZKTask @farm -MaxAttempts 1 -Command "if ($_ -eq 4) { throw 'four fails' } else { $_ }" } | Select-Object -ExpandProperty Id
        $final = @($ids | Wait-ZKTask @farm -Timeout 120)
        $final.Count | Should -Be 4
        ($final.Id | Sort-Object) | Should -Be ($ids | Sort-Object)
        $failed = @(Get-ZKTask @farm -Id $ids -State Failed)
        $failed.Count | Should -Be 1
        $failed[0].Id | Should -Be $ids[3]
        @(Get-ZKTask @farm -Id $ids -State Succeeded).Count | Should -Be 3
        @(Get-ZKTask @farm -State Queued, Assigned) | Should -BeNullOrEmpty
    }

    It 'shows tasks in a table with a one-line result' {
        $task = Send-ZKTask @farm -Wait -WaitSeconds 120 -Command '"first line"; "second line"'
        $table = $task | Format-Table | Out-String -Width 200
        $table | Should -Match 'Id\s+State\s+Worker\s+Attempt\s+Submitted\s+Took\s+Result'
        $table | Should -Match ([regex]::Escape($task.Id) + '\s+Succeeded\s+rworker\s+1\s.*first line')
        $table | Should -Not -Match 'second line'
    }
}

Describe 'Cancelling a running task' {
    It 'stops a Start-Sleep 600 task on its worker within the bound, and the worker takes the next task' {
        $long = Send-ZKTask @farm -Command 'Start-Sleep -Seconds 600; "never"'
        Wait-Until { (Get-ZKTask @farm -Id $long.Id).State -eq 'Assigned' } -TimeoutSeconds 60 | Should -BeTrue
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $stopped = Stop-ZKTask @farm -Id $long.Id -TimeoutSeconds 30 -Confirm:$false
        $clock.Stop()
        $stopped.State | Should -Be 'Cancelled'
        $stopped.Worker | Should -Be 'rworker'
        $stopped.Error | Should -Match 'while running'
        Write-Host "cancelled a running Start-Sleep 600 in $([int]$clock.Elapsed.TotalMilliseconds) ms"
        # The worker is alive and its slot is free: it runs the next task.
        Get-Process -Id $workerPid | Should -Not -BeNullOrEmpty
        $next = Send-ZKTask @farm -Wait -WaitSeconds 60 -Command '"next"'
        $next.State | Should -Be 'Succeeded'
        $next.Worker | Should -Be 'rworker'
        { Stop-ZKTask @farm -Id $long.Id -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'TaskAlreadyFinished,PSZookeeper.Farm.StopZKTaskCommand'
    }
}
