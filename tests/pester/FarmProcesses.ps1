# Setup shared by farm Pester files whose masters and workers are real PowerShell processes started
# from the examples: a server, its connect string, a work folder and the table of processes.
# Dot-source it in BeforeAll after setting $FarmWorkPrefix (the work folder's name starts with it);
# call Stop-FarmTestSetup in AfterAll.
. (Join-Path $PSScriptRoot 'Common.ps1')
. (Join-Path $PSScriptRoot '../../tools/PowerShellProcess.ps1')
$script:server = Start-ZKTestServer
$script:cs = $server.ConnectString
$script:examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path
$script:work = Join-Path ([IO.Path]::GetTempPath()) ("pszk-$FarmWorkPrefix-" + [Guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory $work | Out-Null
$script:processes = @{}

function Stop-FarmTestSetup {
    # Kills what is left of the processes ($processes: a table by name, or a list), closes the
    # observer's $session, stops the server and removes the work folder.
    $left = if ($processes -is [hashtable]) { $processes.Values } else { $processes }
    foreach ($process in $left) { $process | Stop-Process -Force -ErrorAction Ignore }
    $session | Disconnect-Zookeeper -ErrorAction Ignore
    $server | Stop-ZKTestServer
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}
