# A master or worker in a real PowerShell process that is asked to end hands over at once: the
# master's election node goes (so the backup's watch on it fires) and a worker's tasks go back to the
# queue. Sessions last 30 s here and every wait is bounded at 15 s, so a stop that only left the
# session to expire could not pass. How fast the handover is, is measured by the farm bench.
# Stop-Process is no clean stop: with or without -Force it kills (SIGKILL on Linux, checked with
# PowerShell 7.6.9), and Farm.Tests.ps1 covers the takeover after a kill.
BeforeAll {
    $FarmWorkPrefix = 'failover'
    . (Join-Path $PSScriptRoot 'FarmProcesses.ps1')
    $script:session = Connect-Zookeeper -ComputerName $cs -Name FailoverObserver -PassThru
    $script:sessionSeconds = 30
    $script:wellBelowSession = 15

    function script:Start-FarmProcess([string] $Script, [string] $Name, [string] $Root, [string[]] $Extra = @()) {
        $processes[$Name] = Start-PowerShellProcess -ScriptPath (Join-Path $examples $Script) -WorkingDirectory $work -LogPath (Join-Path $work "$Name.log") `
            -ArgumentList (@($Name, '-ComputerName', $cs, '-Root', $Root, '-SessionTimeout', $sessionSeconds) + $Extra)
    }
    function script:Send-Signal([string] $Signal, [string] $Name) {
        # The signal an operator's `kill PID`, systemd or docker stop sends (SIGTERM), or a terminal's Ctrl+C (SIGINT).
        $kill = Get-Command kill -CommandType Application | Select-Object -First 1
        & $kill.Source "-$Signal" $processes[$Name].Id
        $LASTEXITCODE | Should -Be 0
    }
    function script:Assert-ProcessGone([string] $Name) {
        $processes[$Name].WaitForExit(30000) | Should -BeTrue
        Get-Process -Id $processes[$Name].Id -ErrorAction Ignore | Should -BeNullOrEmpty
    }
    function script:Get-ActiveMaster([string] $Root) {
        $node = Get-ZKNode -Session $session -Path "$Root/master" -AsByteArray -ErrorAction Ignore
        if ($node) { [Text.Encoding]::UTF8.GetString($node.Data) }
    }
    function script:Get-Candidate([string] $Root, [string] $Name) {
        # The master's election node (its data is the master's name).
        Get-ZKChildItem -Session $session -Path "$Root/election" | ForEach-Object {
            $node = Get-ZKNode -Session $session -Path $_.Path -AsByteArray
            if ([Text.Encoding]::UTF8.GetString($node.Data) -eq $Name) { $node }
        }
    }
}

AfterAll {
    Stop-FarmTestSetup
}

Describe 'A farm process asked to end hands over at once' {
    It 'gives up leadership when the active master <Name> gets <Signal>, and the backup assigns' -ForEach @(
        @{ Signal = 'TERM'; Name = 'termed' }
        @{ Signal = 'INT'; Name = 'interrupted' }
    ) {
        $root = New-TestPath 'failover'
        Start-FarmProcess 'master.ps1' $Name $root
        Wait-Until { (Get-ActiveMaster $root) -eq $Name } -TimeoutSeconds 90 | Should -BeTrue
        Start-FarmProcess 'master.ps1' "$Name-backup" $root
        Wait-Until { Get-Candidate $root "$Name-backup" } -TimeoutSeconds 90 | Should -BeTrue
        $candidate = Get-Candidate $root $Name
        # The server granted the 30 s ("cons" lists each connection's session and timeout).
        $server.SendFourLetterWordAsync('cons').GetAwaiter().GetResult() |
            Should -Match ("sid=0x{0:x},[^)]*,to={1}," -f $candidate.Stat.EphemeralOwner, ($sessionSeconds * 1000))

        Send-Signal $Signal $Name
        Assert-ProcessGone $Name

        Wait-Until { -not (Get-ZKNode -Session $session -Path $candidate.Path -ErrorAction Ignore) } -TimeoutSeconds $wellBelowSession | Should -BeTrue
        Wait-Until { (Get-ActiveMaster $root) -eq "$Name-backup" } -TimeoutSeconds $wellBelowSession | Should -BeTrue
        Start-FarmProcess 'worker.ps1' "$Name-worker" $root
        $task = Send-ZKTask -Session $session -Root $root -Command '"ran after the handover"' -Wait -WaitSeconds 90
        $task.State | Should -Be 'Succeeded'
        $task.Output.Trim() | Should -Be 'ran after the handover'
    }

    It 'gives up leadership when the PowerShell running the active master in a thread job exits' {
        $root = New-TestPath 'hostexit'
        $stopFile = Join-Path $work 'hostexit.stop'
        $script = Join-Path $work 'hostexit.ps1'
        # The host's end, not a signal: the script returns (exit) while a thread job still runs the master.
        Set-Content $script @"
Import-Module '$ModuleManifest'
`$null = Start-ThreadJob { Import-Module '$ModuleManifest'; Start-ZKMaster hostexit -ComputerName '$cs' -Root '$root' -SessionTimeout $sessionSeconds }
while (-not (Test-Path '$stopFile')) { Start-Sleep -Milliseconds 50 }
exit 0
"@
        $processes['hostexit'] = Start-PowerShellProcess -ScriptPath $script -WorkingDirectory $work -LogPath (Join-Path $work 'hostexit.log')
        Wait-Until { (Get-ActiveMaster $root) -eq 'hostexit' } -TimeoutSeconds 90 | Should -BeTrue
        Start-FarmProcess 'master.ps1' 'hostexit-backup' $root
        Wait-Until { Get-Candidate $root 'hostexit-backup' } -TimeoutSeconds 90 | Should -BeTrue
        $candidate = Get-Candidate $root 'hostexit'

        Set-Content $stopFile 'stop'
        Assert-ProcessGone 'hostexit'

        Wait-Until { -not (Get-ZKNode -Session $session -Path $candidate.Path -ErrorAction Ignore) } -TimeoutSeconds $wellBelowSession | Should -BeTrue
        Wait-Until { (Get-ActiveMaster $root) -eq 'hostexit-backup' } -TimeoutSeconds $wellBelowSession | Should -BeTrue
    }

    It 'hands a running task back when its worker gets TERM, without spending an attempt' {
        $root = New-TestPath 'handback'
        Start-FarmProcess 'master.ps1' 'handback-master' $root
        Start-FarmProcess 'worker.ps1' 'stopping' $root
        Wait-Until { @(Get-ZKWorker -Session $session -Root $root).Count -eq 1 } -TimeoutSeconds 90 | Should -BeTrue
        # It blocks only in the worker that is stopped; one attempt, so a recovery as a lost worker would fail it.
        $blocker = $processes['stopping'].Id
        $task = Send-ZKTask -Session $session -Root $root -Command "if (`$PID -eq $blocker) { Start-Sleep 600 }; `"ran on `$PID`"" -MaxAttempts 1
        Wait-Until { (Get-ZKTask -Session $session -Root $root -Id $task.Id).State -eq 'Assigned' } -TimeoutSeconds 90 | Should -BeTrue
        Wait-Until { Test-Path (Join-Path $work "stopping/$($task.Id)") } -TimeoutSeconds 90 | Should -BeTrue

        Send-Signal 'TERM' 'stopping'
        Assert-ProcessGone 'stopping'

        Wait-Until { (Get-ZKTask -Session $session -Root $root -Id $task.Id).State -eq 'Queued' } -TimeoutSeconds $wellBelowSession | Should -BeTrue
        Start-FarmProcess 'worker.ps1' 'rescuer' $root
        $final = Wait-ZKTask -Session $session -Root $root -Id $task.Id -Timeout 90
        $final.State | Should -Be 'Succeeded'
        $final.Worker | Should -Be 'rescuer'
        $final.Attempt | Should -Be 1
        $final.Output.Trim() | Should -Be "ran on $($processes['rescuer'].Id)"
    }
}
