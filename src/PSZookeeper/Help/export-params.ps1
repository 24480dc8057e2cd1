# Exports the parameters of the module's core cmdlets to params.json for generate-maml.py.
$root = Resolve-Path (Join-Path $PSScriptRoot '../../..')
Import-Module (Join-Path $root 'PSZookeeper.psd1') -Force
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
$spec = Get-Content (Join-Path $PSScriptRoot 'help-spec.json') -Raw | ConvertFrom-Json
$names = $spec.PSObject.Properties.Name
$out = foreach ($c in Get-Command -Module PSZookeeper -CommandType Cmdlet | Where-Object Name -in $names) {
    [pscustomobject]@{
        Name = $c.Name
        Sets = @($c.ParameterSets | ForEach-Object {
            [pscustomobject]@{
                Name   = $_.Name
                Params = @($_.Parameters | Where-Object { $common -notcontains $_.Name } | ForEach-Object {
                    [pscustomobject]@{ Name = $_.Name; Type = $_.ParameterType.Name; Required = $_.IsMandatory; Position = $_.Position
                        Pipeline = $_.ValueFromPipeline; ByName = $_.ValueFromPipelineByPropertyName; Aliases = @($_.Aliases) }
                })
            }
        })
    }
}
$out | ConvertTo-Json -Depth 6 | Set-Content (Join-Path $PSScriptRoot 'params.json') -Encoding UTF8
