#Requires -Version 5.1
<#
.SYNOPSIS
    Runs the Pester suite (tests/pester/*.Tests.ps1) against real ZooKeeper servers.
.DESCRIPTION
    Builds the module (build.ps1 Build) unless -NoBuild and a build exists, builds the server
    fixture, runs Pester 5 and prints, as its last line:
        PESTER: <passed> passed, <failed> failed, <skipped> skipped
    (tests/run-all.sh parses that line). Exit code 0 only when nothing failed.
#>
[CmdletBinding()]
param(
    [switch] $NoBuild,
    [string[]] $Path = @(Join-Path $PSScriptRoot '*.Tests.ps1'),
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Verbosity = 'Detailed'
)

$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Write-Summary([int] $Passed, [int] $Failed, [int] $Skipped) {
    Write-Output "PESTER: $Passed passed, $Failed failed, $Skipped skipped"
}

try {
    if (-not $NoBuild -or -not (Test-Path (Join-Path $root 'out/PSZookeeper/PSZookeeper.dll'))) {
        & (Join-Path $root 'build.ps1') -Task Build
    }
    & dotnet build (Join-Path $root 'tests/PSZookeeper.TestServers/PSZookeeper.TestServers.csproj') -c Release --nologo -v q | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'Could not build tests/PSZookeeper.TestServers' }
    # Exactly the pinned version (tools/versions.env), never "the highest installed".
    $pinned = (Get-Content (Join-Path $root 'tools/versions.env') | Where-Object { $_ -match '^PESTER_VERSION=' }) -replace '^PESTER_VERSION=', ''
    $pester = Get-Module -ListAvailable Pester | Where-Object { $_.Version -eq [version]$pinned } | Select-Object -First 1
    if (-not $pester) { throw "Pester $pinned is not installed: run tools/prerequisites.sh" }
    Import-Module $pester -Force
}
catch {
    Write-Host "Pester run could not start: $_"
    Write-Summary 0 1 0
    exit 1
}

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = $Verbosity
try {
    $result = Invoke-Pester -Configuration $config
}
catch {
    Write-Host "Pester itself failed: $_"
    $result = $null
}
if (-not $result -or $result.TotalCount -eq 0) {
    # A crashed run or one that found no test is a failure, never a green zero.
    Write-Host 'Pester ran no test.'
    Write-Summary 0 1 0
    exit 1
}

# Failures outside tests (BeforeAll, discovery) count once per failed block or container.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
Write-Summary $result.PassedCount $failed $result.SkippedCount
if ($failed -gt 0) { exit 1 }
exit 0
