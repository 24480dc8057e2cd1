# A session opened with Connect-Zookeeper in a PowerShell process that is asked to end is closed on
# the way out, so its ephemeral nodes go at once: SIGTERM (kill PID, systemd, docker stop), SIGHUP
# (the terminal closed) and SIGINT (Ctrl+C, which ends the script and then the process). The node
# is looked for as soon as the process is gone, long before its 30 s session could expire.
# Stop-Process kills (SIGKILL on Linux): no code runs, and only the session's expiry removes the node.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot '../../tools/PowerShellProcess.ps1')
    $script:server = Start-ZKTestServer
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ('pszk-hostexit-' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory $work | Out-Null
    $script:observer = Connect-Zookeeper -ComputerName $server.ConnectString -Name HostExitObserver -PassThru
    $script:holder = Join-Path $work 'holder.ps1'
    Set-Content -LiteralPath $holder -Value @"
param([string] `$ConnectString, [string] `$Path)
Import-Module '$ModuleManifest'
Connect-Zookeeper -ComputerName `$ConnectString -SessionTimeout 30 | Out-Null
New-ZKEphemeralNode -Path `$Path | Out-Null
'holding'
while (`$true) { Start-Sleep -Milliseconds 100 }
"@
    $script:processes = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
}

AfterAll {
    foreach ($process in $processes) { $process | Stop-Process -Force -ErrorAction Ignore }
    $observer | Disconnect-Zookeeper -ErrorAction Ignore
    $server | Stop-ZKTestServer
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}

Describe 'A PowerShell process asked to end closes its sessions' {
    It 'removes the ephemeral node of a Connect-Zookeeper session at once on <Signal>' -ForEach @(
        @{ Signal = 'TERM' }, @{ Signal = 'HUP' }, @{ Signal = 'INT' }
    ) {
        $path = New-TestPath 'held'
        $log = Join-Path $work "holder-$Signal.log"
        $process = Start-PowerShellProcess -ScriptPath $holder -WorkingDirectory $work -LogPath $log -ArgumentList @($server.ConnectString, $path)
        $processes.Add($process)
        $holding = Wait-Until { Get-ZKNode -Session $observer -Path $path -ErrorAction Ignore } -TimeoutSeconds 30
        $holding | Should -BeTrue -Because (Get-ProcessLogReport -Directory $work)
        (Get-ZKNode -Session $observer -Path $path).EphemeralOwner | Should -Not -Be 0

        $kill = Get-Command kill -CommandType Application | Select-Object -First 1
        & $kill.Source "-$Signal" $process.Id
        $LASTEXITCODE | Should -Be 0
        $process.WaitForExit(30000) | Should -BeTrue
        Get-Process -Id $process.Id -ErrorAction Ignore | Should -BeNullOrEmpty

        Get-ZKNode -Session $observer -Path $path -ErrorAction Ignore | Should -BeNullOrEmpty
    }
}
