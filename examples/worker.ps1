<#
.SYNOPSIS
    Runs a task-farm worker until Ctrl+C.
.DESCRIPTION
    Each task's cmd runs as PowerShell in a runspace of its own; its output is kept in
    ./<worker>/<taskid>/ (stdout.txt, stderr.txt, result.json). A task is code: run workers
    only on a secured farm (see README, "Security"), with the same farm identity, -Submitter
    and -WorldRead as its masters. The worker never runs an assignment whose ACL is weaker
    than the farm's model.
.EXAMPLE
    ./examples/worker.ps1 worker1
.EXAMPLE
    ./examples/worker.ps1 gpu1 -Capacity 4 -Label gpu, linux
    Runs tasks that need no labels, or only labels this worker has (Send-ZKTask -Label gpu).
.EXAMPLE
    ./examples/worker.ps1 worker1 -Credential $farm -Submitter $alice
.EXAMPLE
    ./examples/worker.ps1 worker1 -ComputerName zk1:2281 -UseTls -CertificateAuthority ./ca.pem -ClientCertificatePath ./farm.pfx -Submitter 'x509:CN=alice'
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory, Position = 0)] [string] $Name,
    [string] $ComputerName = '127.0.0.1:2181',
    [string] $Root = '/pszk-farm',
    [int] $Capacity = 2,
    # What this worker offers: it runs only tasks whose labels it all has.
    [string[]] $Label,
    # How long a killed worker holds its place; a clean stop (Ctrl+C, SIGTERM) hands over at once.
    [double] $SessionTimeout = 10,
    # The farm's default backoff for failed attempts (a task's own settings win).
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
$PSBoundParameters['Capacity'] = $Capacity
# From a command line (pwsh -File) a list arrives as one word: -Label gpu,linux.
if ($Label) { $PSBoundParameters['Label'] = @($Label -split ',') }
Start-ZKWorker @PSBoundParameters -InformationAction Continue
