# Setup shared by farm Pester files whose masters and workers are real PowerShell processes started
# from the examples: a server, its connect string, a work folder and the table of processes.
# Dot-source it in BeforeAll after setting $FarmWorkPrefix (the work folder's name starts with it).
. (Join-Path $PSScriptRoot 'Common.ps1')
. (Join-Path $PSScriptRoot '../../tools/PowerShellProcess.ps1')
$script:server = Start-ZKTestServer
$script:cs = $server.ConnectString
$script:examples = (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path
$script:work = Join-Path ([IO.Path]::GetTempPath()) ("pszk-$FarmWorkPrefix-" + [Guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory $work | Out-Null
$script:processes = @{}
