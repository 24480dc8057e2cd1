# Lock, election and group cmdlets against a real server.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:server = Start-ZKTestServer
    $script:one = Connect-Zookeeper -ComputerName $server.ConnectString -Name One
    $script:two = Connect-Zookeeper -ComputerName $server.ConnectString -Name Two
}

AfterAll {
    Disconnect-Zookeeper -All -ErrorAction Ignore
    $server | Stop-ZKTestServer
}

Describe 'Locks' {
    It 'Use-ZKLock runs the block under the lock and always releases it' {
        $p = New-TestPath 'lock'
        Use-ZKLock -Session $one -Path $p -ScriptBlock { $ZKLease.IsHeld } | Should -BeTrue
        { Use-ZKLock -Session $one -Path $p -ScriptBlock { throw 'boom' } } | Should -Throw '*boom*'
        Get-ZKChildItem -Session $one -Path $p -Name | Should -BeNullOrEmpty
    }
    It 'Enter-ZKLock excludes another session until Exit-ZKLock' {
        $p = New-TestPath 'lock'
        $lease = Enter-ZKLock -Session $one -Path $p
        $lease.IsHeld | Should -BeTrue
        { Enter-ZKLock -Session $two -Path $p -Timeout 0.5 -ErrorAction Stop } | Should -Throw -ErrorId 'LockTimeout,*'
        $lease | Exit-ZKLock
        $lease.IsHeld | Should -BeFalse
        $second = Enter-ZKLock -Session $two -Path $p -Timeout 5
        $second.IsHeld | Should -BeTrue
        Exit-ZKLock -Session $two -Path $p
        { Exit-ZKLock -Session $two -Path $p -ErrorAction Stop } | Should -Throw -ErrorId 'LockNotHeld,*'
    }
}

Describe 'Elections' {
    It 'elects the first candidate and hands over when it stops' {
        $p = New-TestPath 'election'
        $first = Start-ZKElection -Session $one -Path $p -CandidateData 'one' -Wait -Timeout 10
        $first.IsLeader | Should -BeTrue
        $second = Start-ZKElection -Session $two -Path $p -CandidateData 'two'
        $leader = Get-ZKLeader -Session $one -Path $p
        $leader.Candidates.Count | Should -Be 2
        $leader.LeaderData | Should -Be 'one'
        $first | Stop-ZKElection
        Wait-Until { $second.IsLeader } | Should -BeTrue
        (Get-ZKLeader -Session $one -Path $p).LeaderData | Should -Be 'two'
        Stop-ZKElection -Session $two -Path $p
        (Get-ZKLeader -Session $one -Path $p).Leader | Should -BeNullOrEmpty
    }
}

Describe 'Groups' {
    It 'joins, lists and leaves' {
        $p = New-TestPath 'group'
        $a = Join-ZKGroup -Session $one -Path $p -MemberId a -Data 'A'
        Join-ZKGroup -Session $two -Path $p -MemberId b | Out-Null
        (Get-ZKGroupMember -Session $one -Path $p).MemberId | Sort-Object | Should -Be @('a', 'b')
        Wait-Until { $a.Members.Count -eq 2 } | Should -BeTrue
        $a | Exit-ZKGroup
        Exit-ZKGroup -Session $two -Path $p
        Get-ZKGroupMember -Session $one -Path $p | Should -BeNullOrEmpty
    }
}
