# Transient failures in the cmdlets (docs/retries.md), against a real server behind a TcpProxy:
# a cut connection, a reply lost after the server applied the request, an expired session.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:server = Start-ZKTestServer
    $script:admin = Connect-Zookeeper -ComputerName $server.ConnectString -Name RetriesAdmin

    # ZooKeeper op codes the proxy can cut after.
    $script:OpCreate = 1; $script:OpDelete = 2; $script:OpSetData = 5; $script:OpMulti = 14; $script:OpCreate2 = 15

    function Invoke-Isolated {
        # Runs a command in a runspace of its own, so this one can act (unblock the proxy,
        # expire the session) while that one waits; returns its streams once it ended.
        param([string] $Script, [hashtable] $Variables, [scriptblock] $While)
        $run = Start-IsolatedPowerShell -Script $Script -Variables $Variables
        try {
            & $While $run
            $null = $run.PowerShell.EndInvoke($run.Handle)
            [pscustomobject]@{
                Output   = @($run.Output)
                Errors   = @($run.PowerShell.Streams.Error)
                Verbose  = @($run.PowerShell.Streams.Verbose | ForEach-Object Message)
                Warnings = @($run.PowerShell.Streams.Warning | ForEach-Object Message)
            }
        }
        finally {
            $run.PowerShell.Dispose()
        }
    }

    function Invoke-WhileCut {
        # Makes a node $p, connects a session through a proxy and cuts it off (the proxy refuses
        # the client until unblocked), then runs $Test with the session, the proxy and $p.
        param([string] $Prefix, [double] $SessionTimeout, [scriptblock] $Test)
        $p = New-TestPath $Prefix
        New-ZKNode $p -Value 'still here' -Session $admin | Out-Null
        $proxy = New-ZKTestProxy $server
        try {
            $s = Connect-Zookeeper -ComputerName $proxy.ConnectString -Name ('Cut' + [Guid]::NewGuid().ToString('N')) -SessionTimeout $SessionTimeout
            $proxy.Block()
            Wait-Until { $s.State -ne 'Connected' } | Should -BeTrue
            & $Test $s $proxy $p
        }
        finally {
            $null = $proxy.DisposeAsync()
        }
    }

    function Read-AfterRetryNote($s, $p, [scriptblock] $Then) {
        # Runs Get-ZKNode on the cut-off session elsewhere; once it failed and waits for the
        # reconnect (its -Verbose note says so), runs $Then here.
        Invoke-Isolated -Script 'Get-ZKNode -Session $s -Path $p -Verbose' -Variables @{ s = $s; p = $p } -While {
            param($run)
            Wait-RetryNote $run
            & $Then
        }
    }

    function Wait-RetryNote($run) {
        Wait-Until { @($run.PowerShell.Streams.Verbose | Where-Object Message -Match 'connection lost .*retrying after the reconnect').Count -gt 0 } |
            Should -BeTrue
    }

    function Invoke-AcrossLostReply {
        # Arms a cut after the server's reply to the first request of $OpCodes on $Path, connects
        # a new session through the proxy, runs $Script there with $s bound to that session, and
        # lets the client reconnect once the server applied the request (its reply dropped).
        param([string] $Path, [int[]] $OpCodes, [string] $Script, [hashtable] $Variables = @{})
        $proxy = New-ZKTestProxy $server
        try {
            $cut = $proxy.CutAfterReplyTo($Path, $OpCodes)
            $s = Connect-Zookeeper -ComputerName $proxy.ConnectString -Name ('Lost' + [Guid]::NewGuid().ToString('N')) -SessionTimeout 30
            $Variables['s'] = $s
            $result = Invoke-Isolated -Script $Script -Variables $Variables -While {
                $cut.Wait(30000) | Should -BeTrue
                $cut.Result | Should -Be 0 -Because 'the server applied the request whose reply was lost'
                $proxy.Unblock()
            }
            $result | Add-Member -NotePropertyName Session -NotePropertyValue $s -PassThru
        }
        finally {
            $null = $proxy.DisposeAsync()
        }
    }
}

AfterAll {
    Disconnect-Zookeeper -All -ErrorAction Ignore
    $server | Stop-ZKTestServer
}

Describe 'A read while the connection is cut' {
    It 'waits for the reconnect and completes (Get-ZKNode)' {
        Invoke-WhileCut -Prefix cut -SessionTimeout 30 -Test {
            param($s, $proxy, $p)
            $result = Read-AfterRetryNote $s $p -Then { $proxy.Unblock() }
            $result.Errors | Should -BeNullOrEmpty
            $result.Output.Count | Should -Be 1
            $result.Output[0].Data | Should -BeExactly 'still here'
            $result.Verbose -join "`n" | Should -Match "Read $p`: connection lost \(ConnectionLoss\); retrying after the reconnect"
        }
    }

    It 'gives up with ConnectionLoss when no connection comes back within the session timeout' {
        Invoke-WhileCut -Prefix bound -SessionTimeout 4 -Test {
            param($s, $proxy, $p)
            # The proxy stays blocked: only the bound can end these.
            { Get-ZKNode -Session $s -Path $p -ErrorAction Stop } | Should -Throw -ErrorId 'ConnectionLoss,PSZookeeper.Commands.GetZKNodeCommand'
            # A write issued meanwhile may have reached the server as far as the client knows.
            $err = $null
            Set-ZKNode -Session $s -Path $p -Value 'x' -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'MayHaveBeenApplied,PSZookeeper.Commands.SetZKNodeCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        }
    }

    It 'stops at Ctrl+C while it waits' {
        Invoke-WhileCut -Prefix stop -SessionTimeout 30 -Test {
            param($s, $proxy, $p)
            $run = Start-IsolatedPowerShell -Script 'Get-ZKNode -Session $s -Path $p -Verbose' -Variables @{ s = $s; p = $p }
            try {
                Wait-RetryNote $run
                # What Ctrl+C does; returns once the pipeline has stopped. Left waiting, the read
                # would end (Failed, not Stopped) only when the session timeout ran out.
                $run.PowerShell.Stop()
                $run.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
                $run.Output | Should -BeNullOrEmpty
            }
            finally {
                $run.PowerShell.Dispose()
            }
        }
    }

    It 'fails at once with SessionExpired when the session expires while it waits' {
        Invoke-WhileCut -Prefix expire -SessionTimeout 30 -Test {
            param($s, $proxy, $p)
            # Expire the session on the server, then let the client reconnect and learn it.
            $result = Read-AfterRetryNote $s $p -Then { Invoke-ZKSessionExpiry -Session $s -Proxy $proxy -ServerConnectString $server.ConnectString }
            $result.Output | Should -BeNullOrEmpty
            $result.Errors.Count | Should -Be 1
            $result.Errors[0].FullyQualifiedErrorId | Should -Be 'SessionExpired,PSZookeeper.Commands.GetZKNodeCommand'
            $result.Errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $s.State | Should -Be 'Expired'
        }
    }
}

Describe 'A write whose reply is lost' {
    It 'Set-ZKNode without -Version writes again and succeeds' {
        $p = New-TestPath 'set'
        New-ZKNode $p -Value 'old' -Session $admin | Out-Null
        $r = Invoke-AcrossLostReply -Path $p -OpCodes $OpSetData -Script 'Set-ZKNode -Session $s -Path $p -Value new -PassThru -Verbose' -Variables @{ p = $p }
        $r.Errors | Should -BeNullOrEmpty
        $r.Output[0].Data | Should -BeExactly 'new'
        $r.Verbose -join "`n" | Should -Match "Set $p`: connection lost"
        $node = Get-ZKNode $p -Session $admin
        $node.Data | Should -BeExactly 'new'
        $node.Version | Should -Be 2 -Because 'the lost write and its retry both applied the same data'
    }

    It 'Set-ZKNode -Version reports MayHaveBeenApplied, not a false BadVersion' {
        $p = New-TestPath 'setv'
        New-ZKNode $p -Value 'old' -Session $admin | Out-Null
        $r = Invoke-AcrossLostReply -Path $p -OpCodes $OpSetData -Script 'Set-ZKNode -Session $s -Path $p -Value new -Version 0' -Variables @{ p = $p }
        $r.Errors.Count | Should -Be 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be 'MayHaveBeenApplied,PSZookeeper.Commands.SetZKNodeCommand'
        $r.Errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $r.Errors[0].Exception.Message | Should -Match 'may have been applied'
        $r.Errors[0].Exception.InnerException.GetType().Name | Should -Be 'BadVersionException'
        # It was applied, once.
        $node = Get-ZKNode $p -Session $admin
        $node.Data | Should -BeExactly 'new'
        $node.Version | Should -Be 1
    }

    It 'Remove-ZKNode finds the node gone and says the delete was probably applied' {
        $p = New-TestPath 'del'
        New-ZKNode $p -Session $admin | Out-Null
        $r = Invoke-AcrossLostReply -Path $p -OpCodes $OpDelete -Script 'Remove-ZKNode -Session $s -Path $p' -Variables @{ p = $p }
        $r.Errors | Should -BeNullOrEmpty
        $r.Warnings.Count | Should -Be 1
        $r.Warnings[0] | Should -Match 'probably applied'
        Test-ZKNode $p -Session $admin | Should -BeFalse
    }

    It 'a plain persistent create reports MayHaveBeenApplied (the retry finds the node)' {
        $p = New-TestPath 'create'
        $r = Invoke-AcrossLostReply -Path $p -OpCodes $OpCreate, $OpCreate2 -Script 'New-ZKNode -Session $s -Path $p -Value v' -Variables @{ p = $p }
        $r.Output | Should -BeNullOrEmpty
        $r.Errors.Count | Should -Be 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be 'MayHaveBeenApplied,PSZookeeper.Commands.NewZKNodeCommand'
        $r.Errors[0].Exception.InnerException.GetType().Name | Should -Be 'NodeExistsException'
        (Get-ZKNode $p -Session $admin).Data | Should -BeExactly 'v'
    }

    It 'an ephemeral create finds its own node and succeeds' {
        $p = New-TestPath 'eph'
        $r = Invoke-AcrossLostReply -Path $p -OpCodes $OpCreate, $OpCreate2 -Script 'New-ZKNode -Session $s -Path $p -Ephemeral' -Variables @{ p = $p }
        $r.Errors | Should -BeNullOrEmpty
        $r.Output[0].Path | Should -Be $p
        (Get-ZKNode $p -Session $admin).EphemeralOwner | Should -Be $r.Session.SessionId
    }

    It 'a protected sequential create finds its node instead of making a second one' {
        $parent = New-TestPath 'pseq'
        New-ZKNode $parent -Session $admin | Out-Null
        $r = Invoke-AcrossLostReply -Path "$parent/" -OpCodes $OpCreate, $OpCreate2 -Script 'New-ZKNode -Session $s -Path "$parent/job-" -Sequential -Protected -Value payload' -Variables @{ parent = $parent }
        $r.Errors | Should -BeNullOrEmpty
        $children = @(Get-ZKChildItem $parent -Name -Session $admin)
        $children.Count | Should -Be 1
        $children[0] | Should -Match '^_c_[0-9a-f]{32}-job-\d{10}$'
        $r.Output[0].Path | Should -Be "$parent/$($children[0])"
        (Get-ZKNode "$parent/$($children[0])" -Session $admin).Data | Should -BeExactly 'payload'
    }

    It 'an unprotected sequential create is not retried: MayHaveBeenApplied, one node' {
        $parent = New-TestPath 'seq'
        New-ZKNode $parent -Session $admin | Out-Null
        $r = Invoke-AcrossLostReply -Path "$parent/" -OpCodes $OpCreate, $OpCreate2 -Script 'New-ZKSequentialNodeData -Session $s -Path "$parent/job-" -Value payload' -Variables @{ parent = $parent }
        $r.Errors.Count | Should -Be 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be 'MayHaveBeenApplied,PSZookeeper.Commands.NewZKSequentialNodeDataCommand'
        $r.Errors[0].Exception.Message | Should -Match 'not retried'
        @(Get-ZKChildItem $parent -Name -Session $admin).Count | Should -Be 1
    }

    It 'a transaction is not retried: MayHaveBeenApplied' {
        $p = New-TestPath 'multi'
        $r = Invoke-AcrossLostReply -Path '' -OpCodes $OpMulti -Script 'Invoke-ZKTransaction -Session $s -Operation @{ Create = $p; Data = "t" }' -Variables @{ p = $p }
        $r.Errors.Count | Should -Be 1
        $r.Errors[0].FullyQualifiedErrorId | Should -Be 'MayHaveBeenApplied,PSZookeeper.Commands.InvokeZKTransactionCommand'
        (Get-ZKNode $p -Session $admin).Data | Should -BeExactly 't'
    }
}

Describe '-Protected' {
    It 'needs -Sequential' {
        { New-ZKNode (New-TestPath) -Protected -Session $admin -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidArgument,PSZookeeper.Commands.NewZKNodeCommand'
    }
    It 'refuses a missing parent without -Force, and makes it with -Force' {
        $parent = New-TestPath 'pparent'
        { New-ZKNode "$parent/a-" -Sequential -Protected -Session $admin -ErrorAction Stop } |
            Should -Throw -ErrorId 'NoNode,PSZookeeper.Commands.NewZKNodeCommand'
        $node = New-ZKNode "$parent/a-" -Sequential -Protected -Force -Session $admin
        $node.Path | Should -Match "^$parent/_c_[0-9a-f]{32}-a-\d{10}$"
        (Get-ZKNode $parent -Session $admin).EphemeralOwner | Should -Be 0
    }
    It 'makes protected ephemeral sequential nodes (New-ZKEphemeralNode)' {
        $parent = New-TestPath 'peph'
        $node = New-ZKEphemeralNode "$parent/m-" -Sequential -Protected -Session $admin
        $node.Path | Should -Match "^$parent/_c_[0-9a-f]{32}-m-\d{10}$"
        (Get-ZKNode $node.Path -Session $admin).EphemeralOwner | Should -Be $admin.SessionId
    }
}
