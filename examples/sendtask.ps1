<#
.SYNOPSIS
    Submits the piped objects as tasks: each needs a cmd property.
.DESCRIPTION
    On a secured farm, authenticate as one of its submitters: -Credential (digest), or with
    -UseTls a client certificate the farm grants (x509). Each task records that identity as
    the server reports it.
.EXAMPLE
    [pscustomobject]@{cmd='Get-Process'} | ./examples/sendtask.ps1
.EXAMPLE
    [pscustomobject]@{cmd='Start-Sleep 100'} | ./examples/sendtask.ps1 -Wait -Credential $alice
.EXAMPLE
    [pscustomobject]@{cmd='hostname'} | ./examples/sendtask.ps1 -ComputerName zk1:2281 -UseTls -CertificateAuthority ./ca.pem -ClientCertificatePath ./alice.pfx -Wait
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory, ValueFromPipeline)] [psobject] $InputObject,
    [string] $ComputerName = '127.0.0.1:2181',
    [string] $Root = '/pszk-farm',
    [pscredential] $Credential,
    [switch] $Wait,
    # With -Wait: give up waiting after this many seconds.
    [int] $WaitSeconds,
    [switch] $UseTls,
    [object[]] $CertificateAuthority,
    [System.Security.Cryptography.X509Certificates.X509Certificate2] $ClientCertificate,
    [string] $ClientCertificatePath,
    [securestring] $CertificatePassword,
    [string] $TlsHostName,
    [switch] $SkipHostNameCheck
)
begin {
    Import-Module (Join-Path $PSScriptRoot '../PSZookeeper.psd1')
    $connect = @{ ComputerName = $ComputerName }
    foreach ($name in 'Credential', 'UseTls', 'CertificateAuthority', 'ClientCertificate', 'ClientCertificatePath',
        'CertificatePassword', 'TlsHostName', 'SkipHostNameCheck') {
        if ($PSBoundParameters.ContainsKey($name)) { $connect[$name] = $PSBoundParameters[$name] }
    }
    $session = Connect-Zookeeper @connect -PassThru
    $farm = @{ Root = $Root; Session = $session; Wait = $Wait }
    if ($WaitSeconds) { $farm.WaitSeconds = $WaitSeconds }
}
process { $InputObject | Send-ZKTask @farm }
end { $session | Disconnect-Zookeeper }
