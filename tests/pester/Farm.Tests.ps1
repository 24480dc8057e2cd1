# The ZooKeeper tutorial's sequence with the examples, each master and worker its own pwsh process:
# "Start up the master. Start up a worker. Try submitting a command. Queue up a bunch of sleep 100.
#  Add more workers. Try killing a worker. Try killing the master. Did take over work?"
BeforeAll {
    $FarmWorkPrefix = 'farm'
    . (Join-Path $PSScriptRoot 'FarmProcesses.ps1')
    $script:root = New-TestPath 'farm'
    $script:session = Connect-Zookeeper -ComputerName $cs -Name FarmObserver -PassThru

    function script:Start-FarmProcess([string] $Script, [string] $Name, [string[]] $Extra = @()) {
        $processes[$Name] = Start-PowerShellProcess -ScriptPath (Join-Path $examples $Script) -WorkingDirectory $work `
            -LogPath (Join-Path $work "$Name.log") -ArgumentList (@($Name, '-ComputerName', $cs, '-Root', $root) + $Extra)
    }
    function script:Stop-FarmProcess([string] $Name) {
        # Kills the real PowerShell (not a launcher) and proves it is gone before the test goes on.
        $process = $processes[$Name]
        $process | Stop-Process -Force
        $process.WaitForExit(30000) | Should -BeTrue
        Get-Process -Id $process.Id -ErrorAction Ignore | Should -BeNullOrEmpty
    }
    function script:Get-ActiveMaster { [Text.Encoding]::UTF8.GetString((Get-ZKNode -Session $session -Path "$root/master" -AsByteArray).Data) }
}

AfterAll {
    Stop-FarmTestSetup
}

Describe 'The task farm, the tutorial way' {
    It 'runs a submitted command on a worker and keeps its output in ./<worker>/<taskid>/' {
        Start-FarmProcess 'master.ps1' 'master1'
        Start-FarmProcess 'worker.ps1' 'worker1' @('-Capacity', '2')
        # The task reports the process it runs in: worker1's own PowerShell, this version.
        $result = [pscustomobject]@{ cmd = '"pid {0} PowerShell {1}" -f $PID, $PSVersionTable.PSVersion' } |
            & (Join-Path $examples 'sendtask.ps1') -ComputerName $cs -Root $root -Wait -WaitSeconds 120
        $expected = "pid $($processes['worker1'].Id) PowerShell $($PSVersionTable.PSVersion)"
        $result.State | Should -Be 'Succeeded'
        $result.Worker | Should -Be 'worker1'
        $result.Output.Trim() | Should -Be $expected
        $folder = Join-Path $work "worker1/$($result.Id)"
        (Get-Content (Join-Path $folder 'stdout.txt') -Raw).Trim() | Should -Be $expected
        (Get-Content (Join-Path $folder 'result.json') -Raw | ConvertFrom-Json).exitCode | Should -Be 0
        (Receive-ZKTask -Session $session -Root $root -Id $result.Id).Trim() | Should -Be $expected
    }

    It 'loses no task when a worker and the active master are killed while sleeps are queued' {
        Start-FarmProcess 'master.ps1' 'master2'
        $ids = 1..12 | ForEach-Object { [pscustomobject]@{ cmd = 'Start-Sleep -Milliseconds 100; "slept"' } } |
            Send-ZKTask -Session $session -Root $root | Select-Object -ExpandProperty Id
        $ids.Count | Should -Be 12
        Start-FarmProcess 'worker.ps1' 'worker2'
        # Waited for first: Should's -Because is evaluated when its pipeline starts.
        $registered = Wait-Until { @(Get-ZKWorker -Session $session -Root $root).Count -eq 2 } -TimeoutSeconds 90
        $registered | Should -BeTrue -Because "both workers register; exited: $(@($processes.GetEnumerator() | Where-Object { $_.Value.HasExited } | ForEach-Object Key) -join ', ')$([Environment]::NewLine)$(Get-ProcessLogReport $work)"

        # The pid worker1 registered is the process we kill: the real PowerShell, not a launcher.
        (Get-ZKWorker -Session $session -Root $root | Where-Object Name -eq 'worker1').Pid | Should -Be $processes['worker1'].Id
        Stop-FarmProcess 'worker1'
        $active = Get-ActiveMaster
        Stop-FarmProcess $active

        $final = $ids | Wait-ZKTask -Session $session -Root $root -Timeout 120
        $final.Count | Should -Be 12
        $final | ForEach-Object { $_.State | Should -Be 'Succeeded' }
        $tookOver = Wait-Until { (Get-ActiveMaster) -ne $active } -TimeoutSeconds 90
        $tookOver | Should -BeTrue -Because "a backup takes over$([Environment]::NewLine)$(Get-ProcessLogReport $work)"
        # Nothing queued: no task in any queue bucket (emptied buckets wait for the server to remove them).
        @(Get-ZKChildItem -Session $session -Path "$root/tasks" -Depth 2 | Where-Object Path -Match '/tasks/[^/]+/').Count | Should -Be 0
    }

    It 'records a failing task as failed after its attempts, and refuses objects without cmd' {
        $failed = Send-ZKTask -Session $session -Root $root -Command 'throw "bad task"' -MaxAttempts 2 -Wait -WaitSeconds 60
        $failed.State | Should -Be 'Failed'
        $failed.Attempt | Should -Be 2
        $failed.Error | Should -Match 'bad task'
        { [pscustomobject]@{ nope = 1 } | Send-ZKTask -Session $session -Root $root -ErrorAction Stop } |
            Should -Throw -ErrorId 'TaskWithoutCommand,PSZookeeper.Farm.SendZKTaskCommand'
    }

    It 'cancels a queued task, but not a finished one' {
        $queued = Send-ZKTask -Session $session -Root "$root-idle" -Command 'Get-Date'
        Stop-ZKTask -Session $session -Root "$root-idle" -Id $queued.Id -Confirm:$false | Select-Object -ExpandProperty State | Should -Be 'Cancelled'
        { Stop-ZKTask -Session $session -Root "$root-idle" -Id $queued.Id -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'TaskAlreadyFinished,PSZookeeper.Farm.StopZKTaskCommand'
    }
}
