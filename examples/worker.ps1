<#
.SYNOPSIS
    Runs a task-farm worker until Ctrl+C.
.DESCRIPTION
    Each task's cmd runs as PowerShell in a runspace of its own; its output is kept in
    ./<worker>/<taskid>/ (stdout.txt, stderr.txt, result.json). A task is code: run workers
    only on a farm whose submitters you trust (see -Credential).
.EXAMPLE
    ./examples/worker.ps1 worker1
#>
param(
    [Parameter(Mandatory, Position = 0)] [string] $Name,
    [string] $ComputerName = '127.0.0.1:2181',
    [string] $Root = '/pszk-farm',
    [int] $Capacity = 2,
    [pscredential] $Credential
)
Import-Module (Join-Path $PSScriptRoot '../PSZookeeper.psd1')
$farm = @{ Root = $Root }
if ($Credential) { $farm.Credential = $Credential }
Start-ZKWorker -Name $Name -ComputerName $ComputerName -Capacity $Capacity @farm -InformationAction Continue
