# The module installs the way PowerShell users install modules: build.ps1 -Task Package writes a
# .nupkg, and Install-PSResource installs it from a repository (a local folder here). The install
# runs in a PowerShell of its own whose HOME is an empty folder, so nothing of this machine's
# user profile is used or changed.
BeforeAll {
    . (Join-Path $PSScriptRoot '../../tools/PowerShellProcess.ps1')
    $script:root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:scratch = Join-Path ([IO.Path]::GetTempPath()) ('pszk-install-' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory (Join-Path $scratch 'home') -Force | Out-Null
    # From the module Invoke-Tests.ps1 built, which this PowerShell has loaded.
    & (Join-Path $root 'build.ps1') -Task Package -NoBuild | Out-Null
    $script:version = (Import-PowerShellDataFile (Join-Path $root 'PSZookeeper.psd1')).ModuleVersion
}

AfterAll {
    Remove-Item $scratch -Recurse -Force -ErrorAction Ignore
}

Describe 'Installing PSZookeeper from a package' -Skip:(-not (Get-Command Install-PSResource -ErrorAction Ignore)) {
    It 'installs with Install-PSResource, imports by name and finds its help' {
        $nupkg = Join-Path $root "out/package/PSZookeeper.$version.nupkg"
        Test-Path $nupkg | Should -BeTrue
        $repository = Join-Path $scratch 'repository'
        New-Item -ItemType Directory $repository | Out-Null
        Copy-Item $nupkg $repository
        $script = Join-Path $scratch 'install.ps1'
        @'
param($Repository)
$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name PSZookeeperTest -Uri $Repository -Trusted
Install-PSResource -Name PSZookeeper -Repository PSZookeeperTest -Scope CurrentUser -TrustRepository -Quiet
$module = Import-Module PSZookeeper -PassThru
[pscustomobject]@{
    Version  = "$($module.Version)"
    Base     = $module.ModuleBase
    Cmdlets  = $module.ExportedCmdlets.Count
    Synopsis = (Get-Help Connect-Zookeeper).Synopsis
    Examples = @((Get-Help Send-ZKTask).examples.example).Count
    Worker   = Test-Path (Join-Path $module.ModuleBase 'examples/worker.ps1')
} | ConvertTo-Json -Compress
'@ | Set-Content $script
        $command = Get-PowerShellCommand
        $savedHome = $env:HOME
        try {
            $env:HOME = Join-Path $scratch 'home'
            $output = & $command.FilePath @($command.Prefix) -NoProfile -NonInteractive -File $script -Repository $repository 2>&1
        } finally {
            $env:HOME = $savedHome
        }
        $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
        $installed = $output | Select-Object -Last 1 | ConvertFrom-Json
        $installed.Version | Should -Be $version
        $installed.Base | Should -BeLike "$(Join-Path $scratch 'home')*"
        $installed.Cmdlets | Should -Be (Import-PowerShellDataFile (Join-Path $root 'PSZookeeper.psd1')).CmdletsToExport.Count
        $installed.Synopsis | Should -Match 'ZooKeeper'
        $installed.Examples | Should -BeGreaterThan 0
        $installed.Worker | Should -BeTrue
    }
}
