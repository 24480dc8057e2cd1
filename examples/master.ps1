<#
.SYNOPSIS
    Runs a task-farm master until Ctrl+C.
.DESCRIPTION
    Start as many as you like: one is elected active and hands queued tasks to live workers,
    and the others wait as backups and take over when it dies.
    Secure the farm (see README, "Security"): -Credential (or, with -UseTls, a client
    certificate) is the farm identity that masters and workers share; -Submitter names the
    identities that may only submit. A farm whose nodes carry weaker ACLs is refused;
    -RepairAcl fixes it (try -WhatIf first).
.EXAMPLE
    ./examples/master.ps1 master1
.EXAMPLE
    ./examples/master.ps1 master1 -RetainFor (New-TimeSpan -Days 1) -RetainCount 50000
    Keeps finished tasks and their results for a day, and at most 50,000 of them.
.EXAMPLE
    ./examples/master.ps1 master1 -Credential $farm -Submitter $alice
.EXAMPLE
    ./examples/master.ps1 master1 -ComputerName zk1:2281 -UseTls -CertificateAuthority ./ca.pem -ClientCertificatePath ./farm.pfx -Submitter 'x509:CN=alice'
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory, Position = 0)] [string] $Name,
    [string] $ComputerName = '127.0.0.1:2181',
    [string] $Root = '/pszk-farm',
    # Finished tasks are removed after this long, or past this many (oldest first).
    [timespan] $RetainFor = (New-TimeSpan -Days 7),
    [int] $RetainCount = 10000,
    # How long a killed master holds its place; a clean stop (Ctrl+C, SIGTERM) hands over at once.
    [double] $SessionTimeout = 10,
    # The farm's default backoff when a lost worker's task is re-queued.
    [double] $RetryDelaySeconds = 1,
    [double] $MaxRetryDelaySeconds = 300,
    # The farm identity (digest). Over TLS a client certificate can be the identity instead.
    [pscredential] $Credential,
    # Submit-only identities: PSCredentials, or ids such as 'x509:CN=alice' or 'digest:alice:<hash>'.
    [object[]] $Submitter,
    [switch] $WorldRead,
    [switch] $RepairAcl,
    [switch] $UseTls,
    [object[]] $CertificateAuthority,
    [System.Security.Cryptography.X509Certificates.X509Certificate2] $ClientCertificate,
    [string] $ClientCertificatePath,
    [securestring] $CertificatePassword,
    [string] $TlsHostName,
    [switch] $SkipHostNameCheck
)
Import-Module (Join-Path $PSScriptRoot '../PSZookeeper.psd1')
$PSBoundParameters['ComputerName'] = $ComputerName
$PSBoundParameters['Root'] = $Root
Start-ZKMaster @PSBoundParameters -InformationAction Continue
