#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and packages the PSZookeeper module.
.DESCRIPTION
    Build   publishes src/PSZookeeper into out/PSZookeeper/, where PSZookeeper.psd1 (repository root) loads it.
    Test    builds, runs the xunit tests of the module's logic, then the Pester suite (tests/pester).
    Package builds and lays out a self-contained module folder, out/package/PSZookeeper/<version>/,
            and packs it as out/package/PSZookeeper.<version>.nupkg for Install-PSResource.
    Clean   removes out/.
    Demo    builds, starts a local ZooKeeper when none answers at -ComputerName, starts two masters
            and two workers as PowerShell processes (the real PowerShell, also under the .NET
            tool's launcher: tools/PowerShellProcess.ps1), sends PowerShell tasks (one fails on
            purpose) and shows their results, kills worker1 while it runs tasks and checks that
            none is lost, and stops everything it started. On Linux, examples/demo.sh installs
            PowerShell and ZooKeeper first when they are missing, then runs this.
.EXAMPLE
    ./build.ps1 -Task Demo
.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -Task Build, Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean', 'Demo')]
    [string[]] $Task = 'Build',

    # Demo: the ZooKeeper to use; one is started on this address when none answers.
    [string] $ComputerName = '127.0.0.1:2181',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Test, Package, Demo: use the module already built in out/PSZookeeper (a PowerShell that has
    # it loaded must not have its assemblies rewritten underneath it).
    [switch] $NoBuild
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
. (Join-Path $root 'tools/PowerShellProcess.ps1')
$moduleOut = Join-Path $root 'out/PSZookeeper'

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function ConvertTo-LocalManifest([bool] $Formats) {
    # The repository manifest, rewritten for a folder that holds the dll itself.
    $text = Get-Content (Join-Path $root 'PSZookeeper.psd1') -Raw
    $text = $text.Replace("'out/PSZookeeper/PSZookeeper.psd1'", "'PSZookeeper.dll'").Replace('out/PSZookeeper/', '')
    if (-not $Formats) { $text = $text -replace "FormatsToProcess\s*=\s*@\([^)]*\)", 'FormatsToProcess = @()' }
    $text
}

function Invoke-Build {
    Write-Host "Build: publishing src/PSZookeeper ($Configuration) to $moduleOut"
    Invoke-Dotnet publish (Join-Path $root 'src/PSZookeeper/PSZookeeper.csproj') -c $Configuration -o $moduleOut --nologo -v q
    # PowerShell itself provides System.Management.Automation: never ship the reference stub.
    Remove-Item (Join-Path $moduleOut 'System.Management.Automation.dll') -ErrorAction Ignore
    # The manifest next to the dll (where Get-Help looks for en-US/PSZookeeper.dll-Help.xml): the
    # repository one with local paths. It lists the formats too, or Import-Module -Force drops them.
    Set-Content -Path (Join-Path $moduleOut 'PSZookeeper.psd1') -Value (ConvertTo-LocalManifest -Formats $true) -Encoding UTF8
    foreach ($file in 'PSZookeeper.dll', 'PSZookeeper.psd1', 'PSZookeeper.format.ps1xml', 'en-US/PSZookeeper.dll-Help.xml', 'en-US/about_PSZookeeper.help.txt') {
        if (-not (Test-Path (Join-Path $moduleOut $file))) { throw "Build output is missing $file" }
    }
}

function Invoke-Test {
    Write-Host 'Test: xunit (tests/PSZookeeper.Tests)'
    Invoke-Dotnet test (Join-Path $root 'tests/PSZookeeper.Tests/PSZookeeper.Tests.csproj') -c $Configuration --nologo
    Write-Host 'Test: Pester (tests/pester)'
    & (Join-Path $root 'tests/pester/Invoke-Tests.ps1') -NoBuild
    if ($LASTEXITCODE -ne 0) { throw 'Pester tests failed' }
}

function Invoke-Package {
    $manifest = Import-PowerShellDataFile (Join-Path $root 'PSZookeeper.psd1')
    $target = Join-Path $root "out/package/PSZookeeper/$($manifest.ModuleVersion)"
    Write-Host "Package: $target"
    Remove-Item $target -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory $target -Force | Out-Null
    Copy-Item (Join-Path $moduleOut '*') $target -Recurse -Force
    Get-ChildItem $target -Filter '*.pdb' -Recurse | Remove-Item -Force
    Get-ChildItem $target -Filter '*.deps.json' -Recurse | Remove-Item -Force
    # The packaged manifest sits next to the dll and loads the formats itself.
    Set-Content -Path (Join-Path $target 'PSZookeeper.psd1') -Value (ConvertTo-LocalManifest -Formats $true) -Encoding UTF8
    $examples = Join-Path $root 'examples'
    if (Test-Path $examples) { Copy-Item $examples (Join-Path $target 'examples') -Recurse -Force }
    Test-ModuleManifest (Join-Path $target 'PSZookeeper.psd1') | Out-Null
    # The .nupkg that Install-PSResource installs from a repository (PSResourceGet ships with
    # PowerShell 7.4 and later; elsewhere the folder above is the package).
    if (Get-Command Compress-PSResource -ErrorAction Ignore) {
        $nupkg = Join-Path $root "out/package/PSZookeeper.$($manifest.ModuleVersion).nupkg"
        Remove-Item $nupkg -ErrorAction Ignore
        Compress-PSResource -Path $target -DestinationPath (Join-Path $root 'out/package')
        if (-not (Test-Path $nupkg)) { throw "Compress-PSResource did not write $nupkg" }
        Write-Host "Package: $nupkg"
    } else {
        Write-Host 'Package: no Compress-PSResource here (PowerShell 7.4+ has it): the module folder is the package'
    }
}

function Test-ZooKeeper([string] $Address) {
    $hostName, $port = $Address.Split(':')
    $tcp = [System.Net.Sockets.TcpClient]::new()
    try {
        if (-not $tcp.ConnectAsync($hostName, [int]$port).Wait(1000)) { return $false }
        $stream = $tcp.GetStream()
        $stream.Write([byte[]][char[]]'ruok', 0, 4)
        $reply = [byte[]]::new(4)
        $stream.ReadTimeout = 2000
        return $stream.Read($reply, 0, 4) -eq 4 -and [string]::new([char[]]$reply) -eq 'imok'
    } catch { return $false } finally { $tcp.Dispose() }
}

function Start-LocalZooKeeper([string] $Address, [string] $Directory) {
    $jar = if ($env:ZOOKEEPER_HOME) { Get-ChildItem (Join-Path $env:ZOOKEEPER_HOME 'lib/*.jar'), (Join-Path $env:ZOOKEEPER_HOME '*.jar') -ErrorAction Ignore }
           else { Get-Item '/usr/share/java/zookeeper.jar' -ErrorAction Ignore }
    if (-not $jar) { throw 'No ZooKeeper answers and none is installed: run `apt-get install -y zookeeper` (Debian) or set ZOOKEEPER_HOME.' }
    $hostName, $port = $Address.Split(':')
    New-Item -ItemType Directory (Join-Path $Directory 'data') -Force | Out-Null
    $config = Join-Path $Directory 'zoo.cfg'
    @("tickTime=2000", "dataDir=$(Join-Path $Directory 'data')", "clientPort=$port", "clientPortAddress=$hostName",
      'admin.enableServer=false', '4lw.commands.whitelist=ruok,srvr,mntr', 'forceSync=no') | Set-Content $config
    $classPath = (@($jar.FullName) + @("/usr/share/java/slf4j-simple.jar") | Where-Object { Test-Path $_ }) -join [IO.Path]::PathSeparator
    $process = Start-Process java -ArgumentList '-Xmx256m', '-cp', $classPath, 'org.apache.zookeeper.server.quorum.QuorumPeerMain', $config `
        -RedirectStandardOutput (Join-Path $Directory 'zookeeper.log') -RedirectStandardError (Join-Path $Directory 'zookeeper.err') -PassThru
    foreach ($i in 1..60) {
        if (Test-ZooKeeper $Address) { return $process }
        if ($process.HasExited) { break }
        Start-Sleep -Milliseconds 500
    }
    $process | Stop-Process -Force -ErrorAction Ignore
    throw "ZooKeeper did not come up on $Address; see $(Join-Path $Directory 'zookeeper.log')"
}

function Invoke-Demo {
    Import-Module (Join-Path $root 'PSZookeeper.psd1') -Force
    $work = Join-Path $root 'out/demo'
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory $work -Force | Out-Null
    # Every process the demo starts, also written to a file so examples/demo.sh can stop them if
    # this PowerShell itself is killed before its finally block runs.
    $started = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
    $pidFile = Join-Path $work 'pids'
    function Add-Started([System.Diagnostics.Process] $Process, [string] $What) {
        $started.Add($Process)
        Add-Content -Path $pidFile -Value $Process.Id
        Write-Host "Demo: started $What (pid $($Process.Id))"
    }
    $session = $null
    try {
        if (Test-ZooKeeper $ComputerName) {
            Write-Host "Demo: using the ZooKeeper that answers on $ComputerName"
        } else {
            Write-Host "Demo: no ZooKeeper answers on $ComputerName; starting one"
            Add-Started (Start-LocalZooKeeper $ComputerName (Join-Path $work 'zookeeper')) 'ZooKeeper'
        }
        $farmRoot = "/pszk-demo-$(Get-Random)"
        $farm = @{ Root = $farmRoot }
        $processes = @{}
        foreach ($role in @('master', 'master1'), @('master', 'master2'), @('worker', 'worker1'), @('worker', 'worker2')) {
            $processes[$role[1]] = Start-PowerShellProcess -ScriptPath (Join-Path $root "examples/$($role[0]).ps1") -WorkingDirectory $work `
                -LogPath (Join-Path $work "$($role[1]).log") -ArgumentList $role[1], '-ComputerName', $ComputerName, '-Root', $farmRoot
            Add-Started $processes[$role[1]] "$($role[1]) (log out/demo/$($role[1]).log)"
        }
        $session = Connect-Zookeeper -ComputerName $ComputerName -PassThru
        $farm.Session = $session
        Wait-DemoCondition 'two workers to register and a master to lead' 90 {
            @(Get-ZKWorker @farm).Count -eq 2 -and (Test-ZKNode -Session $session -Path "$farmRoot/master")
        }
        $leader = (Get-ZKNode -Session $session -Path "$farmRoot/master").Data
        Write-Host "Demo: $leader leads; the other master waits as its backup"

        $tasks = @(
            [pscustomobject]@{ cmd = 'Get-Process -Id $PID | Select-Object Name, Id, @{ n = "WorkingSetMB"; e = { [int]($_.WS / 1MB) } }' }
            [pscustomobject]@{ cmd = '"Hello from $([Environment]::MachineName), task $TaskId"' }
            [pscustomobject]@{ cmd = '$PSVersionTable.PSVersion.ToString()' }
            [pscustomobject]@{ cmd = 'throw "this task fails on purpose"' }
        )
        Write-Host "Demo: sending $($tasks.Count) tasks (the last fails on purpose and is retried once)"
        $results = @($tasks | Send-ZKTask @farm -MaxAttempts 2 -Wait -WaitSeconds 120)
        $results | Format-Table Id, State, Worker, Attempt, ExitCode, Error -AutoSize | Out-Host
        foreach ($result in $results | Where-Object State -eq 'Succeeded') {
            Write-Host "---- $($result.Id) on $($result.Worker), output kept in out/demo/$($result.Worker)/$($result.Id)/"
            Receive-ZKTask @farm -Id $result.Id | Out-Host
        }
        $succeeded = @($results | Where-Object State -eq 'Succeeded').Count
        $failed = @($results | Where-Object State -eq 'Failed').Count
        if ($succeeded -ne 3 -or $failed -ne 1) { throw "Demo: expected 3 succeeded and 1 failed task, got $succeeded and $failed" }

        Write-Host 'Demo: sending 8 tasks that each sleep 3 s, then killing worker1 while it runs some of them'
        $sleepers = @(1..8 | ForEach-Object { Send-ZKTask @farm -Command "Start-Sleep -Seconds 3; 'slept $_'" })
        Wait-DemoCondition 'worker1 to be running a task' 60 { (Get-ZKWorker @farm | Where-Object Name -eq 'worker1').Running -gt 0 }
        $victim = $processes['worker1']
        $victim | Stop-Process -Force
        if (-not $victim.WaitForExit(30000)) { throw 'Demo: worker1 did not die' }
        Write-Host "Demo: killed worker1 (pid $($victim.Id)); its tasks go to worker2 once its session expires"
        $final = @($sleepers | Wait-ZKTask @farm -Timeout 180)
        $final | Format-Table Id, State, Worker, Attempt -AutoSize | Out-Host
        $lost = @($final | Where-Object State -ne 'Succeeded')
        if ($final.Count -ne 8 -or $lost.Count) { throw "Demo: $($lost.Count) of the 8 sleeping tasks did not succeed" }
        $moved = @($final | Where-Object Attempt -gt 1).Count
        Write-Host "Demo: done: 3 tasks succeeded and 1 failed as intended; all 8 sleepers finished, $moved of them after worker1 died"
    } finally {
        if ($session) { $session | Disconnect-Zookeeper -ErrorAction Ignore }
        foreach ($process in $started) { $process | Stop-Process -Force -ErrorAction Ignore }
        foreach ($process in $started) { $null = $process.WaitForExit(10000) }
        Remove-Item $pidFile -ErrorAction Ignore
        Write-Host "Demo: stopped the $($started.Count) processes it started"
    }
}

function Wait-DemoCondition([string] $What, [int] $Seconds, [scriptblock] $Condition) {
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Demo: gave up after $Seconds s waiting for $What (logs in out/demo)" }
        Start-Sleep -Milliseconds 200
    }
}

foreach ($step in $Task) {
    switch ($step) {
        'Clean'   { Remove-Item (Join-Path $root 'out') -Recurse -Force -ErrorAction Ignore }
        'Build'   { Invoke-Build }
        'Test'    { if ($Task -notcontains 'Build' -and -not $NoBuild) { Invoke-Build }; Invoke-Test }
        'Package' { if ($Task -notcontains 'Build' -and -not $NoBuild) { Invoke-Build }; Invoke-Package }
        'Demo'    { if ($Task -notcontains 'Build' -and -not $NoBuild) { Invoke-Build }; Invoke-Demo }
    }
}
