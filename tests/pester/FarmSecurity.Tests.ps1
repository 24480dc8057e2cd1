# Issue 10's attacks against farms started with the examples, as README's "Security" section says:
# masters and workers share the farm identity, submitters get -Submitter; then a peer client
# (kazoo) attacks unauthenticated and as the submit-only identity, and no injected command runs.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot '../../tools/PowerShellProcess.ps1')
    $script:server = Start-ZKTestServer -Tls
    $script:cs = $server.ConnectString
    $script:tlsCs = $server.SecureConnectString
    $script:examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ('pszk-sec-' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory $work | Out-Null
    $script:processes = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()

    $script:farmPassword = 'farm-' + [Guid]::NewGuid().ToString('N')
    $script:alicePassword = 'alice-' + [Guid]::NewGuid().ToString('N')
    $script:farm = [pscredential]::new('farm', (ConvertTo-SecureString $farmPassword -AsPlainText -Force))
    $script:alice = [pscredential]::new('alice', (ConvertTo-SecureString $alicePassword -AsPlainText -Force))

    # Example scripts take credentials as objects; a child PowerShell gets them through this wrapper.
    $script:withCredentials = Join-Path $work 'with-credentials.ps1'
    Set-Content $withCredentials @'
$farm = [pscredential]::new('farm', (ConvertTo-SecureString $env:PSZK_TEST_FARM_PASSWORD -AsPlainText -Force))
$alice = [pscredential]::new('alice', (ConvertTo-SecureString $env:PSZK_TEST_ALICE_PASSWORD -AsPlainText -Force))
$example, $rest = $args
& $example @rest -Credential $farm -Submitter $alice
'@
    $env:PSZK_TEST_FARM_PASSWORD = $farmPassword
    $env:PSZK_TEST_ALICE_PASSWORD = $alicePassword

    function script:Start-Example([string] $Name, [string[]] $Arguments) {
        $process = Start-PowerShellProcess -ScriptPath $Arguments[0] -WorkingDirectory $work -LogPath (Join-Path $work "$Name.log") `
            -ArgumentList ($Arguments | Select-Object -Skip 1)
        $processes.Add($process)
    }
    function script:Get-FarmAcl([string] $Root, $Session) {
        # Every node under the root with its ACL, as one line per node.
        $paths = @($Root) + @(Get-ZKChildItem -Session $Session -Path $Root -Recurse | ForEach-Object Path)
        foreach ($path in $paths) {
            [pscustomobject]@{ Path = $path; Acl = (@(Get-ZKAcl -Session $Session -Path $path) | ForEach-Object { "$($_.Scheme):$(($_.Id -split ':')[0]):$($_.Perms)" }) -join ', ' }
        }
    }
    function script:Invoke-KazooAttacks([string] $Root, [string] $Worker, [string] $Done, [string] $Queued, [string] $Marker, [string] $Credential) {
        $arguments = @((Join-Path $PSScriptRoot 'FarmAttacks.py'), $cs, $Root, $Worker, $Done, $Queued, $Marker)
        if ($Credential) { $arguments += $Credential }
        $json = & /usr/bin/python3 @arguments
        $LASTEXITCODE | Should -Be 0
        $json | ConvertFrom-Json -AsHashtable
    }
}

AfterAll {
    foreach ($process in $processes) { $process | Stop-Process -Force -ErrorAction Ignore }
    Remove-Item Env:PSZK_TEST_FARM_PASSWORD, Env:PSZK_TEST_ALICE_PASSWORD -ErrorAction Ignore
    Get-ZKSession | Disconnect-Zookeeper -ErrorAction Ignore
    $server | Stop-ZKTestServer
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}

Describe 'A farm secured with digest identities, started with the examples' {
    BeforeAll {
        $script:root = New-TestPath 'secfarm'
        Start-Example 'master1' @($withCredentials, (Join-Path $examples 'master.ps1'), 'master1', '-ComputerName', $cs, '-Root', $root)
        Start-Example 'worker1' @($withCredentials, (Join-Path $examples 'worker.ps1'), 'worker1', '-ComputerName', $cs, '-Root', $root, '-Capacity', '1')
        $script:admin = Connect-Zookeeper -ComputerName $cs -Credential $farm -Name SecAdmin -WarningAction Ignore
        Wait-Until { (Test-ZKNode -Session $admin -Path "$root/workers/worker1") -and (Test-ZKNode -Session $admin -Path "$root/master") } -TimeoutSeconds 90 |
            Should -BeTrue
    }

    It 'runs a submitter''s task and records who the server says submitted it' {
        $result = [pscustomobject]@{ cmd = '"ran as a task"' } |
            & (Join-Path $examples 'sendtask.ps1') -ComputerName $cs -Root $root -Credential $alice -Wait -WaitSeconds 120 -WarningAction Ignore
        $result.State | Should -Be 'Succeeded'
        $result.Output | Should -Match 'ran as a task'
        $result.SubmittedBy | Should -Be 'digest:alice'
        (Get-ZKTask -Session $admin -Root $root -Id $result.Id).SubmittedBy | Should -Be 'digest:alice'
        $script:done = $result.Id
    }

    It 'gives every farm node the model''s ACL, the root included' {
        $acls = Get-FarmAcl -Root $root -Session $admin
        $acls | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
        foreach ($node in $acls) {
            # tasks/, its queue buckets (p<priority>-<second>) and schedules/ let submitters add and remove their nodes.
            $expected = if ($node.Path -match "^$([regex]::Escape("$root/tasks"))(/p-?\d+-\d+)?$" -or $node.Path -eq "$root/schedules") { 'digest:farm:cdrwa, digest:alice:cdr' } else { 'digest:farm:cdrwa, digest:alice:r' }
            $node.Acl | Should -Be $expected -Because $node.Path
        }
        @($acls).Count | Should -BeGreaterOrEqual 10
    }

    It 'refuses every attack from kazoo, <Attacker>, and no worker runs the injected command' -ForEach @(
        @{ Attacker = 'unauthenticated'; Credential = '' }
        @{ Attacker = 'as the submit-only identity'; Credential = 'alice' }
    ) {
        # A queued task to attack: the only worker is kept busy (until the release file exists) meanwhile.
        $release = Join-Path $work "release-$([Guid]::NewGuid().ToString('N'))"
        try {
            $busy = Send-ZKTask -Session $admin -Root $root -Command "while (-not (Test-Path '$release')) { Start-Sleep -Milliseconds 20 }; 'busy done'"
            Wait-Until { (Get-ZKTask -Session $admin -Root $root -Id $busy.Id).State -eq 'Assigned' } -TimeoutSeconds 60 | Should -BeTrue
            $queued = Send-ZKTask -Session $admin -Root $root -Command '"queued ran"'
            $marker = Join-Path $work "pwned-$([Guid]::NewGuid().ToString('N')).txt"
            $credentialText = if ($Credential) { "alice:$alicePassword" } else { '' }

            $results = Invoke-KazooAttacks -Root $root -Worker 'worker1' -Done $done -Queued $queued.Id -Marker $marker -Credential $credentialText
            $results.GetEnumerator() | Sort-Object Key | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
            foreach ($attack in $results.Keys) {
                if ($Credential -and $attack -in 'create a task in a queue bucket', 'create a queue bucket under tasks/') {
                    $results[$attack] | Should -Be 'ACCEPTED' -Because 'submitting is the submitter''s role'
                    continue
                }
                $results[$attack] | Should -Be 'NoAuthError' -Because $attack
            }
            $results.Count | Should -Be 15

            New-Item -ItemType File $release | Out-Null
            ($busy, $queued | Wait-ZKTask -Session $admin -Root $root -Timeout 120).State | Should -Be 'Succeeded', 'Succeeded'
            # Queued after the attacks, so the master has dealt with everything queued before it.
            $after = Send-ZKTask -Session $admin -Root $root -Command '"after"' -Wait -WaitSeconds 60
            $after.State | Should -Be 'Succeeded'
            if ($Credential) {
                # The submitter's own task was made by kazoo with world:anyone:cdrwa: the master refused it.
                $forged = Get-ZKTask -Session $admin -Root $root | Where-Object { $_.State -eq 'Failed' -and $_.Error -match 'weaker than the farm' }
                @($forged).Count | Should -Be 1
                $forged.SubmittedBy | Should -BeNullOrEmpty -Because 'kazoo wrote no SubmittedBy: the field is only as good as the submitter''s client'
            }
            Test-Path $marker | Should -BeFalse
            Get-ZKChildItem -Session $admin -Path "$root/assign" | ForEach-Object Name | Should -Be 'worker1'
            Get-ZKChildItem -Session $admin -Path "$root/workers" | ForEach-Object Name | Should -Be 'worker1'
        }
        finally {
            # Frees the farm's only worker even when an assertion failed, so the next case is not stuck behind it.
            if (-not (Test-Path $release)) { New-Item -ItemType File $release | Out-Null }
        }
    }

    It 'warns that a digest password crosses the network in clear without TLS' {
        $session = Connect-Zookeeper -ComputerName $cs -Credential $alice -Name ClearWarning -WarningVariable warned -WarningAction SilentlyContinue
        $session | Disconnect-Zookeeper
        $warned | Should -Match 'crosses the network in clear'
        "$warned" | Should -Not -Match $alicePassword
    }
}

Describe 'A farm root with a weak ACL' {
    BeforeAll {
        $script:weak = New-TestPath 'weakfarm'
        $script:open = Connect-Zookeeper -ComputerName $cs -Name OpenFarm
        foreach ($folder in '', '/election', '/workers', '/tasks', '/assign', '/status', '/results', '/done', '/schedules') { New-ZKNode -Session $open -Path "$weak$folder" | Out-Null }
    }

    It 'is refused by masters, workers and submitters with an error naming the node' {
        { Start-ZKMaster m1 -ComputerName $cs -Root $weak -Credential $farm -WarningAction Ignore -ErrorAction Stop } |
            Should -Throw -ErrorId 'FarmAclWeak,PSZookeeper.Farm.StartZKMasterCommand' -ExpectedMessage "*$weak *world:anyone:cdrwa*"
        { Start-ZKWorker w1 -ComputerName $cs -Root $weak -Credential $farm -WarningAction Ignore -ErrorAction Stop } |
            Should -Throw -ErrorId 'FarmAclWeak,PSZookeeper.Farm.StartZKWorkerCommand'
        { Send-ZKTask -ComputerName $cs -Root $weak -Credential $alice -Command 'hostname' -WarningAction Ignore -ErrorAction Stop } |
            Should -Throw -ErrorId 'FarmAclWeak,PSZookeeper.Farm.SendZKTaskCommand'
        @(Get-ZKChildItem -Session $open -Path "$weak/tasks").Count | Should -Be 0
    }

    It 'is listed by -RepairAcl -WhatIf without change, and repaired by -RepairAcl' {
        # The example, in a PowerShell of its own: its "What if" lines are its output.
        $whatIf = Start-PowerShellProcess -ScriptPath $withCredentials -WorkingDirectory $work -LogPath (Join-Path $work 'whatif.log') `
            -ArgumentList (Join-Path $examples 'worker.ps1'), 'w1', '-ComputerName', $cs, '-Root', $weak, '-RepairAcl', '-WhatIf'
        $whatIf.WaitForExit(60000) | Should -BeTrue
        $listed = Get-Content (Join-Path $work 'whatif.log') -Raw
        foreach ($folder in '', '/election', '/workers', '/tasks', '/assign', '/status', '/results', '/done', '/schedules') {
            $listed | Should -Match ([regex]::Escape("What if: Performing the operation ""set ACL")) -Because $folder
            $listed | Should -Match ([regex]::Escape("on target ""$weak$folder"".")) -Because $folder
        }
        (Get-ZKAcl -Session $open -Path $weak | ForEach-Object { "$_" }) | Should -Be 'world:anyone:cdrwa'

        $repairing = Start-IsolatedPowerShell -Script 'Start-ZKMaster m1 -ComputerName $cs -Root $weak -Credential $farm -Submitter $alice -RepairAcl -WarningAction Ignore' `
            -Variables @{ cs = $cs; weak = $weak; farm = $farm; alice = $alice }
        try {
            $admin = Connect-Zookeeper -ComputerName $cs -Credential $farm -Name RepairCheck -WarningAction Ignore
            Wait-Until { Test-ZKNode -Session $admin -Path "$weak/master" } -TimeoutSeconds 60 | Should -BeTrue
            $acls = Get-FarmAcl -Root $weak -Session $admin
            $acls | Where-Object Path -notin "$weak/tasks", "$weak/schedules" | ForEach-Object { $_.Acl | Should -Be 'digest:farm:cdrwa, digest:alice:r' -Because $_.Path }
            ($acls | Where-Object Path -eq "$weak/schedules").Acl | Should -Be 'digest:farm:cdrwa, digest:alice:cdr'
            { Set-ZKAcl -Session $open -Path $weak -Acl 'world:anyone:cdrwa' -Confirm:$false -ErrorAction Stop } | Should -Throw
        }
        finally {
            Stop-IsolatedPowerShell $repairing
        }
    }
}

Describe 'A farm secured with certificates over TLS (x509, no password)' {
    BeforeAll {
        $script:tlsRoot = New-TestPath 'tlsfarm'
        $script:ca = $server.TlsFiles.CaPemPath
        foreach ($name in 'farm', 'alice') {
            $certificate = $server.TlsCertificates.IssueClientCertificate("CN=pszk-$name")
            [IO.File]::WriteAllBytes((Join-Path $work "$name.pfx"), $certificate.Export([Security.Cryptography.X509Certificates.X509ContentType]::Pkcs12))
        }
        $tls = @('-ComputerName', $tlsCs, '-Root', $tlsRoot, '-UseTls', '-CertificateAuthority', $ca, '-ClientCertificatePath', (Join-Path $work 'farm.pfx'), '-Submitter', 'x509:CN=pszk-alice')
        Start-Example 'tlsmaster' (@((Join-Path $examples 'master.ps1'), 'tlsmaster') + $tls)
        Start-Example 'tlsworker' (@((Join-Path $examples 'worker.ps1'), 'tlsworker') + $tls)
        $script:tlsAdmin = Connect-Zookeeper -ComputerName $tlsCs -UseTls -CertificateAuthority $ca -ClientCertificatePath (Join-Path $work 'farm.pfx') -Name TlsAdmin
        Wait-Until { (Test-ZKNode -Session $tlsAdmin -Path "$tlsRoot/workers/tlsworker") -and (Test-ZKNode -Session $tlsAdmin -Path "$tlsRoot/master") } -TimeoutSeconds 90 |
            Should -BeTrue
    }

    It 'runs a task end to end with x509 ACLs and records the certificate as the submitter' {
        $result = [pscustomobject]@{ cmd = '"over tls"' } | & (Join-Path $examples 'sendtask.ps1') -ComputerName $tlsCs -Root $tlsRoot `
            -UseTls -CertificateAuthority $ca -ClientCertificatePath (Join-Path $work 'alice.pfx') -Wait -WaitSeconds 120
        $result.State | Should -Be 'Succeeded'
        $result.Output | Should -Match 'over tls'
        $result.SubmittedBy | Should -Be 'x509:CN=pszk-alice'
        (Get-ZKAcl -Session $tlsAdmin -Path $tlsRoot | ForEach-Object { "$_" }) | Should -Be 'x509:CN=pszk-farm:cdrwa', 'x509:CN=pszk-alice:r'
        (Get-ZKAcl -Session $tlsAdmin -Path "$tlsRoot/tasks" | ForEach-Object { "$_" }) | Should -Be 'x509:CN=pszk-farm:cdrwa', 'x509:CN=pszk-alice:cdr'
        $queued = Send-ZKTask -ComputerName $tlsCs -Root $tlsRoot -UseTls -CertificateAuthority $ca -ClientCertificatePath (Join-Path $work 'alice.pfx') -Command '"own session"'
        ($queued | Wait-ZKTask -Session $tlsAdmin -Root $tlsRoot -Timeout 60).SubmittedBy | Should -Be 'x509:CN=pszk-alice'
        $script:tlsDone = $result.Id
    }

    It 'refuses the attacks from an unauthenticated kazoo client on the plain port' {
        $marker = Join-Path $work 'pwned-tls.txt'
        $results = Invoke-KazooAttacks -Root $tlsRoot -Worker 'tlsworker' -Done $tlsDone -Queued 'task-none-p0-0-0000000000' -Marker $marker
        foreach ($attack in $results.Keys) {
            # No task (nor its bucket) is queued now: NoNode says nothing about ACLs.
            if ($attack -in 'rewrite a queued task', 'create a task in a queue bucket') { continue }
            $results[$attack] | Should -Be 'NoAuthError' -Because $attack
        }
        (Send-ZKTask -Session $tlsAdmin -Root $tlsRoot -Command '"after"' -Wait -WaitSeconds 60).State | Should -Be 'Succeeded'
        Test-Path $marker | Should -BeFalse
    }

    It 'asks for -UseTls when TLS settings are given without it' {
        { Connect-Zookeeper -ComputerName $tlsCs -CertificateAuthority $ca -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidTlsSettings,PSZookeeper.Commands.ConnectZookeeperCommand'
    }
}
