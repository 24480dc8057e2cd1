# Recurring schedules from PowerShell: Register-ZKSchedule, Get-ZKSchedule and Unregister-ZKSchedule
# against a farm whose master and worker run the examples, each its own pwsh process.
BeforeAll {
    $FarmWorkPrefix = 'cron'
    . (Join-Path $PSScriptRoot 'FarmProcesses.ps1')
    $script:root = New-TestPath 'cron'
    $script:session = Connect-Zookeeper -ComputerName $cs -Name ScheduleObserver -PassThru
    $script:farm = @{ Session = $session; Root = $root }
    $script:processes = foreach ($part in @(@('master.ps1', 'cmaster'), @('worker.ps1', 'cworker'))) {
        Start-PowerShellProcess -ScriptPath (Join-Path $examples $part[0]) -WorkingDirectory $work `
            -LogPath (Join-Path $work "$($part[1]).log") -ArgumentList @($part[1], '-ComputerName', $cs, '-Root', $root)
    }
    Wait-Until { @(Get-ZKWorker @farm).Count -eq 1 } -TimeoutSeconds 120 | Should -BeTrue
}

AfterAll {
    Stop-FarmTestSetup
}

Describe 'Recurring schedules' {
    It 'registers a schedule and returns it with its next due time' {
        $before = Get-Date
        $schedule = Register-ZKSchedule @farm -Name ticker -Cron '* * * * * *' -ScriptBlock { "tick $((Get-Date).Second)" } -Priority 4
        $schedule | Should -BeOfType PSZookeeper.Farm.ZKSchedule
        $schedule.Name | Should -Be 'ticker'
        $schedule.Cron | Should -Be '* * * * * *'
        $schedule.TimeZone | Should -Be 'UTC'
        $schedule.Priority | Should -Be 4
        $schedule.Command | Should -Match '"tick '
        $schedule.LastFired | Should -BeNullOrEmpty
        $schedule.NextDue | Should -BeGreaterThan $before
        $schedule.NextDue | Should -BeLessOrEqual $schedule.Registered.AddSeconds(1)
    }

    It 'fires: the master queues its task at each due time and a worker runs it' {
        Wait-Until { @(Get-ZKTask @farm -State Succeeded | Where-Object Output -Match '^tick \d+').Count -ge 2 } -TimeoutSeconds 120 | Should -BeTrue
        $tasks = @(Get-ZKTask @farm | Where-Object Output -Match '^tick')
        $tasks | ForEach-Object { $_.SubmittedBy | Should -Be $tasks[0].SubmittedBy }
        $schedule = Get-ZKSchedule @farm -Name ticker
        $schedule.LastFired | Should -Not -BeNullOrEmpty
        $schedule.NextDue | Should -BeGreaterThan $schedule.LastFired
    }

    It 'lists schedules by name and wildcard, in a table view' {
        Register-ZKSchedule @farm -Name nightly -Cron '30 2 * * *' -TimeZone 'Europe/Berlin' -Command 'Get-Date' | Out-Null
        (Get-ZKSchedule @farm).Name | Should -Be @('nightly', 'ticker')
        (Get-ZKSchedule @farm -Name 'night*').Name | Should -Be 'nightly'
        (Get-ZKSchedule @farm -Name nightly).TimeZone | Should -Be 'Europe/Berlin'
        $table = Get-ZKSchedule @farm | Format-Table | Out-String -Width 200
        $table | Should -Match 'Name\s+Cron\s+TimeZone\s+NextDue\s+LastFired\s+Command'
        $table | Should -Match 'nightly\s+30 2 \* \* \*\s+Europe/Berlin'
        { Get-ZKSchedule @farm -Name missing -ErrorAction Stop } | Should -Throw -ErrorId 'ScheduleNotFound,PSZookeeper.Farm.GetZKScheduleCommand'
    }

    It 'shows the schedules in Get-ZKFarm, with the due time each fires for next' {
        $view = Get-ZKFarm @farm
        $view.Schedules.Name | Should -Be @('nightly', 'ticker')
        ($view.Schedules | Where-Object Name -eq 'nightly').Record.Cron | Should -Be '30 2 * * *'
        ($view.Schedules | Where-Object Name -eq 'ticker').NextDue | Should -BeGreaterThan ($view.Schedules | Where-Object Name -eq 'ticker').Record.LastFired
        $text = $view | Out-String -Width 200
        $text | Should -Match 'Schedule\s+Cron\s+Time zone\s+Next due\s+Last fired'
        $text | Should -Match 'nightly\s+30 2 \* \* \*\s+Europe/Berlin\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+never'
        $text | Should -Match 'ticker\s+\* \* \* \* \* \*\s+UTC\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\d{4}-'
    }

    It 'refuses a second schedule of one name unless -Force replaces it' {
        { Register-ZKSchedule @farm -Name nightly -Cron '@hourly' -Command 'Get-Date' -ErrorAction Stop } |
            Should -Throw -ErrorId 'ScheduleExists,PSZookeeper.Farm.RegisterZKScheduleCommand'
        (Get-ZKSchedule @farm -Name nightly).Cron | Should -Be '30 2 * * *'
        $replaced = Register-ZKSchedule @farm -Name nightly -Cron '@hourly' -Command 'hostname' -Force
        $replaced.Cron | Should -Be '@hourly'
        (Get-ZKSchedule @farm -Name nightly).Command | Should -Be 'hostname'
        Register-ZKSchedule @farm -Name nightly -Cron '@daily' -Command 'hostname' -Force -WhatIf | Should -BeNullOrEmpty
        (Get-ZKSchedule @farm -Name nightly).Cron | Should -Be '@hourly'
    }

    It 'refuses a bad cron expression, naming the field, and registers nothing' {
        $caught = { Register-ZKSchedule @farm -Name bad -Cron '0 6 L * *' -Command 'Get-Date' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSchedule,PSZookeeper.Farm.RegisterZKScheduleCommand' -PassThru
        $caught.Exception.Message | Should -Match "bad day-of-month field 'L'"
        { Register-ZKSchedule @farm -Name bad -Cron '* * * *' -Command 'Get-Date' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSchedule,PSZookeeper.Farm.RegisterZKScheduleCommand'
        { Register-ZKSchedule @farm -Name bad -Cron '@daily' -TimeZone 'Nowhere/Atlantis' -Command 'Get-Date' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSchedule,PSZookeeper.Farm.RegisterZKScheduleCommand'
        Get-ZKSchedule @farm -Name bad -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'unregisters piped schedules, with -WhatIf and for real' {
        Get-ZKSchedule @farm -Name ticker | Unregister-ZKSchedule @farm -WhatIf
        (Get-ZKSchedule @farm -Name ticker).Name | Should -Be 'ticker'
        Get-ZKSchedule @farm | Unregister-ZKSchedule @farm -Confirm:$false
        Get-ZKSchedule @farm | Should -BeNullOrEmpty
        { Unregister-ZKSchedule @farm -Name ticker -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'ScheduleNotFound,PSZookeeper.Farm.UnregisterZKScheduleCommand'
        Test-ZKNode -Session $session -Path "$root/schedules/ticker" | Should -BeFalse
    }
}
