# Tab completion through TabExpansion2, as the console asks for it, against a real server and a real farm.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot '../../tools/PowerShellProcess.ps1')
    $script:server = Start-ZKTestServer
    $script:cs = $server.ConnectString
    $script:session = Connect-Zookeeper -ComputerName $cs -Name Completion -PassThru

    function Complete([string] $Line) {
        # What Tab offers at the end of the line.
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText)
    }
}

AfterAll {
    Disconnect-Zookeeper -All -ErrorAction Ignore
    $server | Stop-ZKTestServer
}

Describe 'Completion of znode paths' {
    It 'completes -Path on every cmdlet that takes a znode path, one level at a time' {
        $p = New-TestPath 'cpl'
        New-ZKNode "$p/alpha/x" -Force | Out-Null
        New-ZKNode "$p/alps" | Out-Null
        New-ZKNode "$p/beta" | Out-Null
        $withPath = Get-Command -Module PSZookeeper -CommandType Cmdlet | Where-Object {
            $_.Parameters['Path'] -and $_.Parameters['Path'].Attributes.Where({ $_ -is [ArgumentCompleter] -and $_.Type -eq [PSZookeeper.Commands.ZKPathCompleter] })
        }
        $withPath.Count | Should -BeGreaterThan 30
        foreach ($cmdlet in $withPath) {
            Complete "$($cmdlet.Name) -Path $p/al" | Should -Be @("$p/alpha", "$p/alps") -Because $cmdlet.Name
        }
        Complete "Get-ZKNode -Path $p/alpha/" | Should -Be @("$p/alpha/x")
        Complete "Get-ZKNode -Path '$p/b" | Should -Be @("'$p/beta'")
    }
    It 'gives every string -Path a completer, and the farm''s -Root' {
        $without = foreach ($cmdlet in Get-Command -Module PSZookeeper -CommandType Cmdlet) {
            foreach ($name in 'Path', 'Root', 'Destination') {
                $parameter = $cmdlet.Parameters[$name]
                if ($parameter -and $parameter.ParameterType -in [string], [string[]] -and
                    -not $parameter.Attributes.Where({ $_ -is [ArgumentCompleter] })) { "$($cmdlet.Name) -$name" }
            }
        }
        $without | Should -BeNullOrEmpty
        $root = New-TestPath 'farmroot'
        New-ZKNode $root | Out-Null
        Complete "Get-ZKTask -Root $root" | Should -Be @($root)
    }
    It 'completes through the -Session on the command line, and offers nothing without a session' {
        $p = New-TestPath 'other'
        New-ZKNode "$p/only-here" -Force | Out-Null
        $other = Connect-Zookeeper -ComputerName $cs -Name OtherSession -PassThru
        try {
            $global:completionSession = $other
            Complete "Get-ZKNode -Session `$completionSession -Path $p/o" | Should -Be @("$p/only-here")
        }
        finally {
            Remove-Variable completionSession -Scope Global
            $other | Disconnect-Zookeeper
        }
        $ps = [PowerShell]::Create()
        $null = $ps.AddScript("Import-Module '$ModuleManifest'; (TabExpansion2 -inputScript 'Get-ZKNode -Path $p/o' -cursorColumn $("Get-ZKNode -Path $p/o".Length)).CompletionMatches.Count")
        $ps.Invoke() | Should -Be 0
        $ps.Dispose()
    }
}

Describe 'Completion of sessions and held recipes' {
    It 'completes session names for Get-ZKSession and Disconnect-Zookeeper' {
        $a = Connect-Zookeeper -ComputerName $cs -Name 'orders-east' -PassThru
        $b = Connect-Zookeeper -ComputerName $cs -Name 'orders-west' -PassThru
        try {
            Complete 'Get-ZKSession -Name ord' | Should -Be @('orders-east', 'orders-west')
            Complete 'Disconnect-Zookeeper -Name ORDERS-W' | Should -Be @('orders-west')
        }
        finally { $a, $b | Disconnect-Zookeeper }
        Complete 'Get-ZKSession -Name ord' | Should -BeNullOrEmpty
    }
    It 'completes the locks, elections and groups this session holds for Exit-ZKLock, Stop-ZKElection and Exit-ZKGroup' {
        $lock = New-TestPath 'lock'
        $election = New-TestPath 'election'
        $group = New-TestPath 'group'
        New-ZKNode "$lock-not-held" | Out-Null
        $lease = Enter-ZKLock $lock
        $candidate = Start-ZKElection $election
        $membership = Join-ZKGroup $group -MemberId m1
        try {
            Complete "Exit-ZKLock -Path $($lock.Substring(0, 6))" | Should -Be @($lock)
            Complete "Stop-ZKElection -Path $($election.Substring(0, 6))" | Should -Be @($election)
            Complete "Exit-ZKGroup -Path $($group.Substring(0, 6))" | Should -Be @($group)
        }
        finally {
            Exit-ZKLock -Path $lock
            Stop-ZKElection -Path $election
            Exit-ZKGroup -Path $group
        }
        Complete "Exit-ZKLock -Path $($lock.Substring(0, 6))" | Should -BeNullOrEmpty
        Complete "Stop-ZKElection -Path $($election.Substring(0, 6))" | Should -BeNullOrEmpty
        Complete "Exit-ZKGroup -Path $($group.Substring(0, 6))" | Should -BeNullOrEmpty
    }
}

Describe 'Completion of farm tasks and workers' {
    BeforeAll {
        $script:work = Join-Path ([IO.Path]::GetTempPath()) ('pszk-complete-' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory $work | Out-Null
        $script:root = New-TestPath 'cfarm'
        $examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path
        $script:processes = foreach ($role in @('master', 'cmaster'), @('worker', 'cworker')) {
            Start-PowerShellProcess -ScriptPath (Join-Path $examples "$($role[0]).ps1") -WorkingDirectory $work `
                -LogPath (Join-Path $work "$($role[1]).log") -ArgumentList $role[1], '-ComputerName', $cs, '-Root', $root
        }
        Wait-Until { @(Get-ZKWorker -Root $root).Count -eq 1 } -TimeoutSeconds 90 | Should -BeTrue
        $script:done = Send-ZKTask -Root $root -Command '"done"' -Wait -WaitSeconds 120
        $script:queued = Send-ZKTask -Root $root -Command '"later"' -NotBefore (Get-Date).AddHours(1)
    }
    AfterAll {
        foreach ($process in $processes) { $process | Stop-Process -Force -ErrorAction Ignore }
        Remove-Item $work -Recurse -Force -ErrorAction Ignore
    }

    It 'completes task ids for Get-ZKTask, Wait-ZKTask, Stop-ZKTask and Receive-ZKTask -Id under -Root' {
        $both = @($done.Id, $queued.Id) # in queue order
        foreach ($cmdlet in 'Get-ZKTask', 'Wait-ZKTask', 'Stop-ZKTask', 'Receive-ZKTask') {
            Complete "$cmdlet -Root $root -Id task-" | Should -Be $both -Because $cmdlet
        }
        Complete "Get-ZKTask -Root $root $($queued.Id)" | Should -Be @($queued.Id)
        Complete 'Get-ZKTask -Id task-' | Should -BeNullOrEmpty -Because 'the default farm root has no tasks here'
    }
    It 'completes worker names for Get-ZKWorker -Name and Get-ZKTask -Worker, which filter by them' {
        Complete "Get-ZKWorker -Root $root -Name cw" | Should -Be @('cworker')
        Complete "Get-ZKTask -Root $root -Worker c" | Should -Be @('cworker')
        (Get-ZKWorker -Root $root -Name 'cw*').Name | Should -Be 'cworker'
        Get-ZKWorker -Root $root -Name 'nobody' | Should -BeNullOrEmpty
        (Get-ZKTask -Root $root -Worker 'cworker').Id | Should -Be @($done.Id)
        Get-ZKTask -Root $root -Worker 'other*' | Should -BeNullOrEmpty
    }
}
