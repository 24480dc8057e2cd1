@{
    # build.ps1 Build publishes the module to out/PSZookeeper/ and writes a manifest next to the
    # dll there (so Get-Help finds en-US/PSZookeeper.dll-Help.xml); this one loads that.
    RootModule           = 'out/PSZookeeper/PSZookeeper.psd1'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6c1f4b0e-3d52-4f0a-9a8e-2b7f5d8c4e91'
    Author               = 'PSZookeeper contributors'
    CompanyName          = 'PSZookeeper contributors'
    Copyright            = '(c) PSZookeeper contributors. MIT License.'
    Description          = 'ZooKeeper for PowerShell: sessions, znodes as objects, watches as PowerShell events, locks, elections and groups, on a managed ZooKeeper 3.8 client.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('out/PSZookeeper/PSZookeeper.format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Connect-Zookeeper'
        'Disconnect-Zookeeper'
        'Get-ZKSession'
        'New-ZKNode'
        'New-ZKEphemeralNode'
        'New-ZKSequentialNodeData'
        'Get-ZKNode'
        'Get-ZKChildItem'
        'Set-ZKNode'
        'Remove-ZKNode'
        'Test-ZKNode'
        'Register-ZKWatch'
        'Unregister-ZKWatch'
        'Wait-ZKNode'
        'Get-ZKAcl'
        'Set-ZKAcl'
        'Invoke-ZKTransaction'
        'Get-ZKEphemeral'
        'Sync-ZKNode'
        'Measure-ZKNode'
        'Get-ZKAuth'
        'Add-ZKAuth'
        'Get-ZKServerStat'
        'Use-ZKLock'
        'Enter-ZKLock'
        'Exit-ZKLock'
        'Start-ZKElection'
        'Get-ZKLeader'
        'Stop-ZKElection'
        'Join-ZKGroup'
        'Get-ZKGroupMember'
        'Exit-ZKGroup'
        'Start-ZKMaster'
        'Start-ZKWorker'
        'Send-ZKTask'
        'Get-ZKTask'
        'Wait-ZKTask'
        'Receive-ZKTask'
        'Stop-ZKTask'
        'Get-ZKWorker'
        'Get-ZKFarm'
        'Export-ZKTree'
        'Import-ZKTree'
        'Copy-ZKNode'
        'Move-ZKNode'
        'Watch-ZKNode'
    )
    VariablesToExport    = @()
    AliasesToExport      = @(
        'New-SequentialNodeData'
        'zkls'
    )
    PrivateData          = @{
        PSData = @{
            Tags       = @('ZooKeeper', 'Distributed', 'Coordination', 'Cluster', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri = 'https://github.com/toenuff/PSHZookeeper'
        }
    }
}
