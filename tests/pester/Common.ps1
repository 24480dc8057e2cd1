# Shared setup for the Pester files: dot-source in BeforeAll.
. (Join-Path $PSScriptRoot 'TestServer.ps1')
$ModuleManifest = (Resolve-Path (Join-Path $PSScriptRoot '../../PSZookeeper.psd1')).Path
Import-Module $ModuleManifest -Force

function New-TestPath([string] $Prefix = 't') {
    # A fresh, unique znode path per test.
    '/' + $Prefix + '-' + [Guid]::NewGuid().ToString('N').Substring(0, 12)
}

function Invoke-ZKScript {
    # Runs a script in a fresh runspace with no user interface, connected to the test server
    # ($server): its streams show what a script would see (progress records, a prompt that
    # cannot be answered). The caller disposes the returned PowerShell.
    param([string] $Script)
    $ps = [PowerShell]::Create()
    $null = $ps.AddScript("Import-Module '$ModuleManifest'; Connect-Zookeeper -ComputerName '$($server.ConnectString)' | Out-Null; $Script")
    $null = $ps.Invoke()
    $ps
}

function Wait-Until {
    # Polls a condition; PowerShell runs pending event actions between the polls.
    param([scriptblock] $Condition, [double] $TimeoutSeconds = 20)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { return $false }
        # Short sleeps between statements: PowerShell runs a couple of queued event actions per statement.
        [System.Threading.Thread]::Sleep(5)
    }
    $true
}

function Start-IsolatedPowerShell {
    # Runs a script in a runspace of its own (like a second console) so a blocking
    # Connect-Zookeeper loop can be observed and stopped as Ctrl+C would (Stop()).
    param([string] $Script, [hashtable] $Variables = @{})
    $ps = [PowerShell]::Create()
    $body = "param(`$__vars) Import-Module '$ModuleManifest'; foreach (`$__k in `$__vars.Keys) { Set-Variable -Name `$__k -Value `$__vars[`$__k] }`n" + $Script
    $null = $ps.AddScript($body).AddArgument($Variables)
    $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
    $inputData = [System.Management.Automation.PSDataCollection[psobject]]::new()
    $inputData.Complete()
    $handle = $ps.BeginInvoke($inputData, $output)
    [pscustomobject]@{ PowerShell = $ps; Output = $output; Handle = $handle }
}

function Stop-IsolatedPowerShell {
    param($Instance)
    $Instance.PowerShell.Stop()
    $Instance.PowerShell.Dispose()
}

function Get-ProcessLogReport {
    # What a wait on farm processes says when it fails: whether each process still runs and the
    # end of its logs (stdout and stderr as Start-PowerShellProcess -LogPath writes them).
    param([Parameter(Mandatory)] [string] $Directory, [int] $Lines = 15)
    $report = foreach ($log in Get-ChildItem -Path $Directory -Filter '*.log*' -File -ErrorAction Ignore) {
        "--- $($log.Name)"
        Get-Content -LiteralPath $log.FullName -Tail $Lines -ErrorAction Ignore
    }
    ($report -join [Environment]::NewLine)
}
