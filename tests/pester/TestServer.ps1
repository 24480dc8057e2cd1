# Starts and stops a real ZooKeeper server for the Pester suite, through the C# fixture
# tests/PSZookeeper.TestServers (built on demand; it cleans up its java processes itself).
$script:TestServersProject = Join-Path $PSScriptRoot '../PSZookeeper.TestServers/PSZookeeper.TestServers.csproj'

function Get-ZKTestServersAssembly {
    $dir = Join-Path $PSScriptRoot '../PSZookeeper.TestServers/bin/Release/net10.0'
    $dll = Join-Path $dir 'PSZookeeper.TestServers.dll'
    if (-not (Test-Path $dll)) {
        & dotnet build $script:TestServersProject -c Release --nologo -v q | Out-Null
        if ($LASTEXITCODE -ne 0) { throw 'Could not build tests/PSZookeeper.TestServers' }
    }
    (Resolve-Path $dll).Path
}

function Start-ZKTestServer {
    # -Tls: also listen on a TLS port (SecureConnectString) that requires client certificates
    # from the fixture's CA ($server.TlsCertificates, $server.TlsFiles.CaPemPath).
    [CmdletBinding()]
    param([switch] $Tls)
    if (-not ('PSZookeeper.TestServers.ZooKeeperServer' -as [type])) {
        Add-Type -Path (Get-ZKTestServersAssembly)
    }
    $options = [PSZookeeper.TestServers.ZooKeeperServerOptions]::new()
    if ($Tls) { $options.Tls = [PSZookeeper.TestServers.TlsServerOptions]::new() }
    $server = [PSZookeeper.TestServers.ZooKeeperServer]::new($options)
    $null = $server.StartAsync().GetAwaiter().GetResult()
    $server
}

function Stop-ZKTestServer {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Server)
    process {
        if ($Server) { $null = $Server.DisposeAsync().AsTask().GetAwaiter().GetResult() }
    }
}

function New-ZKTestProxy {
    # A TCP proxy in front of the server: sessions connected through it can be made to expire.
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server)
    [PSZookeeper.TestServers.TcpProxy]::new($Server.Port)
}

function global:Invoke-ZKSessionExpiry {
    # Really expires a session on the server: cut the client off at the proxy, close the
    # session from another connection, then let the client reconnect (it learns it expired).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Session,
        [Parameter(Mandatory)] $Proxy,
        [Parameter(Mandatory)] [string] $ServerConnectString
    )
    $Proxy.Block()
    $deadline = [DateTime]::UtcNow.AddSeconds(15)
    while ($Session.State -eq 'Connected' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
    $options = [PSZookeeper.Client.ZooKeeperClientOptions]::new()
    $options.SessionId = $Session.SessionId
    $options.SessionPassword = $Session.Client.GetSessionPassword()
    $thief = [PSZookeeper.Client.ZooKeeperClient]::ConnectAsync($ServerConnectString, $options).GetAwaiter().GetResult()
    $thief.CloseAsync().GetAwaiter().GetResult()
    $thief.Dispose()
    $Proxy.Unblock()
}
