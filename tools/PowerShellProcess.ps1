# Starts another PowerShell, the same edition and version as this one, as a process whose pid is
# that PowerShell itself: the one helper for build.ps1's Demo and the Pester farm tests.
# Why not (Get-Process -Id $PID).Path: under the .NET tool install (`dotnet tool install --global
# PowerShell`) `pwsh` is a launcher that runs `dotnet <store>/pwsh.dll` as a child, so inside
# PowerShell the process path is `dotnet`, and starting or killing the launcher's pid would not
# reach the real PowerShell. Starting `dotnet <PSHOME>/pwsh.dll` directly gives the real one.

function Get-PowerShellCommand {
    # Returns the executable and the arguments that come before the script's own arguments.
    $self = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $selfName = [System.IO.Path]::GetFileNameWithoutExtension($self)
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    if ($selfName -eq 'dotnet' -and (Test-Path $pwshDll)) {
        return [pscustomobject]@{ FilePath = $self; Prefix = @($pwshDll) }
    }
    if ($selfName -in 'pwsh', 'powershell') {
        return [pscustomobject]@{ FilePath = $self; Prefix = @() }
    }
    # Another host (an IDE, a custom host): the PowerShell installed beside it.
    foreach ($name in 'pwsh', 'pwsh.exe', 'powershell.exe') {
        $candidate = Join-Path $PSHOME $name
        if (Test-Path $candidate -PathType Leaf) { return [pscustomobject]@{ FilePath = $candidate; Prefix = @() } }
    }
    if (Test-Path $pwshDll) { return [pscustomobject]@{ FilePath = 'dotnet'; Prefix = @($pwshDll) } }
    throw "Cannot find a PowerShell executable for this host ($self, PSHOME $PSHOME)."
}

function Start-PowerShellProcess {
    # Starts `<PowerShell> -NoProfile -File <script> <arguments>` in the background and returns the
    # System.Diagnostics.Process of the real PowerShell (kill it, and PowerShell is gone).
    param(
        [Parameter(Mandatory)] [string] $ScriptPath,
        [string[]] $ArgumentList = @(),
        [Parameter(Mandatory)] [string] $WorkingDirectory,
        [Parameter(Mandatory)] [string] $LogPath
    )
    $command = Get-PowerShellCommand
    $arguments = @($command.Prefix) + @('-NoProfile', '-NonInteractive', '-File', $ScriptPath) + $ArgumentList
    Start-Process -FilePath $command.FilePath -ArgumentList ($arguments | ForEach-Object { ConvertTo-ProcessArgument $_ }) `
        -WorkingDirectory $WorkingDirectory -RedirectStandardOutput $LogPath -RedirectStandardError "$LogPath.err" -PassThru
}

function ConvertTo-ProcessArgument([string] $Value) {
    # Start-Process joins its arguments with spaces: quote the ones that need it.
    if ($Value -and $Value -notmatch '[\s"]') { return $Value }
    '"' + ($Value -replace '(\\*)"', '$1$1\"' -replace '(\\+)$', '$1$1') + '"'
}
