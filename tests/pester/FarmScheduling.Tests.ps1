# Scheduling from PowerShell: labels, priorities, delays, concurrency limits, retention, and
# Get-ZKFarm, through the cmdlets and the examples, each master and worker its own pwsh process.
BeforeAll {
    $FarmWorkPrefix = 'sched'
    . (Join-Path $PSScriptRoot 'FarmProcesses.ps1')
    $script:root = New-TestPath 'sched'
    $script:session = Connect-Zookeeper -ComputerName $cs -Name SchedulingObserver -PassThru
    $script:farm = @{ Session = $session; Root = $root }
    function script:Start-FarmProcess([string] $Script, [string] $Name, [string[]] $Extra = @()) {
        $processes[$Name] = Start-PowerShellProcess -ScriptPath (Join-Path $examples $Script) -WorkingDirectory $work `
            -LogPath (Join-Path $work "$Name.log") -ArgumentList (@($Name, '-ComputerName', $cs, '-Root', $root) + $Extra)
    }
    Start-FarmProcess 'master.ps1' 'smaster' @('-RetainCount', '6')
    Start-FarmProcess 'worker.ps1' 'plain1' @('-Capacity', '2')
    Start-FarmProcess 'worker.ps1' 'gpu1' @('-Capacity', '2', '-Label', 'GPU,linux')
    Wait-Until { @(Get-ZKWorker @farm).Count -eq 2 } -TimeoutSeconds 120 | Should -BeTrue
}

AfterAll {
    Stop-FarmTestSetup
}

Describe 'Scheduling the farm''s tasks' {
    It 'runs a labelled task only on a worker with its labels (labels and priority passed through sendtask.ps1)' {
        $tasks = 1..4 | ForEach-Object { [pscustomobject]@{ cmd = '$env:COMPUTERNAME'; Label = 'gpu' } } |
            & (Join-Path $examples 'sendtask.ps1') -ComputerName $cs -Root $root -Priority 3 -Wait -WaitSeconds 120
        $tasks.Count | Should -Be 4
        $tasks | ForEach-Object { $_.State | Should -Be 'Succeeded'; $_.Worker | Should -Be 'gpu1' }
        (Get-ZKWorker @farm | Where-Object Name -eq 'gpu1').Labels | Should -Be @('gpu', 'linux')
        $script:firstTask = $tasks[0].Id
    }

    It 'runs waiting tasks by priority, in queue order within one, when a worker for them joins' {
        $ids = foreach ($priority in 0, 7, 0, 7, 2) {
            (Send-ZKTask @farm -Command '(Get-Date).ToUniversalTime().ToString("o")' -Label solo -Priority $priority).Id
        }
        (Get-ZKTask @farm -Id $ids[0]).State | Should -Be 'Queued'
        Start-FarmProcess 'worker.ps1' 'solo1' @('-Capacity', '1', '-Label', 'solo')
        $done = $ids | Wait-ZKTask @farm -Timeout 120
        $done | ForEach-Object { $_.State | Should -Be 'Succeeded'; $_.Worker | Should -Be 'solo1' }
        $byStart = $done | Sort-Object { [DateTimeOffset]::Parse($_.Output.Trim()) } | Select-Object -ExpandProperty Id
        $byStart | Should -Be @($ids[1], $ids[3], $ids[4], $ids[0], $ids[2])
    }

    It 'starts a delayed task not before its time, and shows the time while it waits' {
        $notBefore = (Get-Date).AddSeconds(3)
        $task = Send-ZKTask @farm -Command 'Get-Date' -NotBefore $notBefore
        (Get-ZKTask @farm -Id $task.Id).NotBefore | Should -BeGreaterThan (Get-Date).AddSeconds(-1)
        $done = Wait-ZKTask @farm -Id $task.Id -Timeout 60
        $done.State | Should -Be 'Succeeded'
        $done.Started | Should -BeGreaterOrEqual $notBefore
    }

    It 'never runs more tasks of one concurrency key at once than its limit' {
        $ids = 1..4 | ForEach-Object { [pscustomobject]@{ cmd = 'Start-Sleep -Milliseconds 300'; ConcurrencyKey = 'db'; ConcurrencyLimit = 1 } } |
            Send-ZKTask @farm | Select-Object -ExpandProperty Id
        $done = @($ids | Wait-ZKTask @farm -Timeout 120 | Sort-Object Started)
        $done.Count | Should -Be 4
        for ($i = 1; $i -lt $done.Count; $i++) {
            $done[$i].Started | Should -BeGreaterOrEqual $done[$i - 1].Finished
        }
    }

    It 'refuses a concurrency key without a limit, and a bad label, before sending anything' {
        { Send-ZKTask @farm -Command 'Get-Date' -ConcurrencyKey db -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidTask,PSZookeeper.Farm.SendZKTaskCommand'
        { Send-ZKTask @farm -Command 'Get-Date' -Label 'a/b' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidTask,PSZookeeper.Farm.SendZKTaskCommand'
    }

    It 'shows the farm as one object with a dashboard view' {
        $view = Get-ZKFarm @farm
        $view.ActiveMaster | Should -Be 'smaster'
        $view.Workers.Name | Should -Be @('gpu1', 'plain1', 'solo1')
        ($view.Workers | Where-Object Name -eq 'gpu1').Labels | Should -Be @('gpu', 'linux')
        ($view.Workers | Where-Object Name -eq 'plain1').Capacity | Should -Be 2
        $view.FinishedKept | Should -BeGreaterThan 0
        $text = $view | Out-String
        $text | Should -Match 'Master\s+smaster'
        $text | Should -Match 'gpu1\s.*\s2\s+2\s+gpu,linux'
    }

    It 'counts waiting tasks by state and priority, and the last minute''s failures' {
        $waiting = Send-ZKTask @farm -Command 'Get-Date' -Label nobody -Priority 9
        $delayed = Send-ZKTask @farm -Command 'Get-Date' -NotBefore (Get-Date).AddHours(1)
        $failed = Send-ZKTask @farm -Command 'throw "no"' -MaxAttempts 1 -Wait -WaitSeconds 60
        $failed.State | Should -Be 'Failed'
        $view = Get-ZKFarm @farm
        $view.Queued | Should -Be 1
        $view.Delayed | Should -Be 1
        ($view.QueuedByPriority | ForEach-Object { '{0}:{1}' -f $_.Key, $_.Value }) | Should -Be @('9:1', '0:1')
        $view.FailedLastMinute | Should -BeGreaterOrEqual 1
        Stop-ZKTask @farm -Id $waiting.Id, $delayed.Id -Confirm:$false | Out-Null
    }

    It 'refreshes with -Watch until stopped as Ctrl+C stops it' {
        $watch = Start-IsolatedPowerShell -Script 'Get-ZKFarm -ComputerName $cs -Root $root -Watch -RefreshSeconds 0.2' -Variables @{ cs = $cs; root = $root }
        try {
            Wait-Until { $watch.Output.Count -ge 3 } -TimeoutSeconds 60 | Should -BeTrue
            $watch.Output[2].ReadAt | Should -BeGreaterThan $watch.Output[0].ReadAt
            $watch.Output[2].ActiveMaster | Should -Be 'smaster'
        }
        finally {
            Stop-IsolatedPowerShell $watch
        }
        $watch.Handle.IsCompleted | Should -BeTrue
    }

    It 'removes the oldest finished tasks past the master''s -RetainCount' {
        Wait-Until { @(Get-ZKChildItem -Session $session -Path "$root/status").Count -le 6 } -TimeoutSeconds 60 | Should -BeTrue
        { Get-ZKTask @farm -Id $firstTask -ErrorAction Stop } | Should -Throw -ErrorId 'TaskNotFound,PSZookeeper.Farm.GetZKTaskCommand'
        @(Get-ZKChildItem -Session $session -Path "$root/done").Count | Should -BeLessOrEqual 6
    }
}
