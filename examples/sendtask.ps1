<#
.SYNOPSIS
    Submits the piped objects as tasks: each needs a cmd property.
.EXAMPLE
    [pscustomobject]@{cmd='Get-Process'} | ./examples/sendtask.ps1
.EXAMPLE
    [pscustomobject]@{cmd='Start-Sleep 100'} | ./examples/sendtask.ps1 -Wait
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory, ValueFromPipeline)] [psobject] $InputObject,
    [string] $ComputerName = '127.0.0.1:2181',
    [string] $Root = '/pszk-farm',
    [pscredential] $Credential,
    [switch] $Wait,
    # With -Wait: give up waiting after this many seconds.
    [int] $WaitSeconds
)
begin {
    Import-Module (Join-Path $PSScriptRoot '../PSZookeeper.psd1')
    $session = Connect-Zookeeper -ComputerName $ComputerName -PassThru
    $farm = @{ Root = $Root; Session = $session; Wait = $Wait }
    if ($Credential) { $farm.Credential = $Credential }
    if ($WaitSeconds) { $farm.WaitSeconds = $WaitSeconds }
}
process { $InputObject | Send-ZKTask @farm }
end { $session | Disconnect-Zookeeper }
