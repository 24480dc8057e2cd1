<#
.SYNOPSIS
    Runs a task-farm master until Ctrl+C.
.DESCRIPTION
    Start as many as you like: one is elected active and hands queued tasks to live workers,
    and the others wait as backups and take over when it dies.
.EXAMPLE
    ./examples/master.ps1 master1
#>
param(
    [Parameter(Mandatory, Position = 0)] [string] $Name,
    [string] $ComputerName = '127.0.0.1:2181',
    [string] $Root = '/pszk-farm',
    [pscredential] $Credential
)
Import-Module (Join-Path $PSScriptRoot '../PSZookeeper.psd1')
$farm = @{ Root = $Root }
if ($Credential) { $farm.Credential = $Credential }
Start-ZKMaster -Name $Name -ComputerName $ComputerName @farm -InformationAction Continue
