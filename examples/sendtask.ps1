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
    [pscustomobject]@{cmd='Invoke-Backup'; Priority=10; Label='db'; ConcurrencyKey='backup'; ConcurrencyLimit=1} | ./examples/sendtask.ps1
    Objects may carry Priority, NotBefore, Label, ConcurrencyKey, ConcurrencyLimit and IdempotencyKey;
    the parameters of the same names apply to every object that does not.
.EXAMPLE
    [pscustomobject]@{cmd='Send-Report'} | ./examples/sendtask.ps1 -NotBefore (Get-Date).AddHours(1) -RetryDelaySeconds 30
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
    # Scheduling for every piped object (an object's own property of the same name wins).
    [int] $Priority,
    [datetime] $NotBefore,
    [string[]] $Label,
    [string] $ConcurrencyKey,
    [int] $ConcurrencyLimit,
    [double] $RetryDelaySeconds,
    [double] $MaxRetryDelaySeconds,
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
    $schedule = @{}
    foreach ($name in 'Priority', 'NotBefore', 'Label', 'ConcurrencyKey', 'ConcurrencyLimit', 'RetryDelaySeconds', 'MaxRetryDelaySeconds') {
        if ($PSBoundParameters.ContainsKey($name)) { $schedule[$name] = $PSBoundParameters[$name] }
    }
}
process {
    # A property of the object itself binds to the parameter of its name; the script's value is the default.
    $own = @{}
    foreach ($name in $schedule.Keys) {
        if ($null -eq $InputObject.PSObject.Properties[$name]) { $own[$name] = $schedule[$name] }
    }
    $InputObject | Send-ZKTask @farm @own
}
end { $session | Disconnect-Zookeeper }
