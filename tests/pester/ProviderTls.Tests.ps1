# A zk: drive over TLS: New-PSDrive takes Connect-Zookeeper's TLS settings, under the same rules.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:server = Start-ZKTestServer -Tls
    $script:tlsCs = $server.SecureConnectString
    $script:ca = $server.TlsFiles.CaPemPath
    $script:pfx = Join-Path $TestDrive 'drive.pfx'
    $certificate = $server.TlsCertificates.IssueClientCertificate('CN=pszk-drive')
    [IO.File]::WriteAllBytes($pfx, $certificate.Export([Security.Cryptography.X509Certificates.X509ContentType]::Pkcs12))
    $script:session = Connect-Zookeeper -ComputerName $server.ConnectString -Name ProviderTls -PassThru
}

AfterAll {
    Get-PSDrive -PSProvider ZooKeeper -ErrorAction Ignore | Remove-PSDrive
    Disconnect-Zookeeper -All -ErrorAction Ignore
    $server | Stop-ZKTestServer
}

Describe 'A ZooKeeper drive over TLS' {
    It 'connects to the TLS port with the CA and a client certificate, and the server knows it by the certificate' {
        $p = New-TestPath 'tls'
        New-ZKNode "$p/config" -Value 'over tls' -Force | Out-Null
        $drive = New-PSDrive -Name tlszk -PSProvider ZooKeeper -Root $p -ComputerName $tlsCs -UseTls -CertificateAuthority $ca -ClientCertificatePath $pfx
        try {
            Get-Content tlszk:/config | Should -BeExactly 'over tls'
            Get-ChildItem tlszk:/ -Name | Should -Be 'config'
            $whoAmI = Get-ZKAuth -Session $drive.Session
            ($whoAmI | Where-Object AuthScheme -eq 'x509').User | Should -Be 'CN=pszk-drive'
        }
        finally { Remove-PSDrive tlszk }
    }
    It 'takes the client certificate as an object, and the CA as a certificate object' {
        $client = [Security.Cryptography.X509Certificates.X509Certificate2]::new($pfx)
        $authority = [Security.Cryptography.X509Certificates.X509Certificate2]::new($ca)
        $drive = New-PSDrive -Name tlsobj -PSProvider ZooKeeper -Root / -ComputerName $tlsCs -UseTls -CertificateAuthority $authority -ClientCertificate $client
        try { (Get-ZKAuth -Session $drive.Session | Where-Object AuthScheme -eq 'x509').User | Should -Be 'CN=pszk-drive' }
        finally { Remove-PSDrive tlsobj }
    }
    It 'fails to connect to the TLS port without the client certificate the server requires, saying so' {
        { New-PSDrive -Name nocert -PSProvider ZooKeeper -Root / -ComputerName $tlsCs -UseTls -CertificateAuthority $ca -ConnectTimeout 3 -ErrorAction Stop } |
            Should -Throw '*no client certificate was presented*'
        Get-PSDrive nocert -ErrorAction Ignore | Should -BeNullOrEmpty
    }
    It 'refuses TLS settings without -UseTls, and TLS settings with -Session, saying why' {
        { New-PSDrive -Name bad1 -PSProvider ZooKeeper -Root / -ComputerName $tlsCs -CertificateAuthority $ca -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidTlsSettings*'
        { New-PSDrive -Name bad2 -PSProvider ZooKeeper -Root / -Session $session -UseTls -ErrorAction Stop } |
            Should -Throw -ErrorId 'SessionWithConnectParameters*'
        { New-PSDrive -Name bad3 -PSProvider ZooKeeper -Root / -ComputerName $tlsCs -UseTls -ClientCertificatePath $pfx -ClientCertificate ([Security.Cryptography.X509Certificates.X509Certificate2]::new($pfx)) -ErrorAction Stop } |
            Should -Throw '*not both*'
        Get-PSDrive bad1, bad2, bad3 -ErrorAction Ignore | Should -BeNullOrEmpty
    }
    It 'runs the provider help''s TLS example' {
        $example = @((Get-Help ZooKeeper -Category Provider).Tasks.Task.Examples.Example | Where-Object Code -Match '-UseTls')
        $example.Count | Should -Be 1
        $code = $example[0].Code.Replace('127.0.0.1:2281', $tlsCs).Replace('./ca.pem', $ca).Replace('./me.pfx', $pfx)
        $Error.Clear()
        { . ([scriptblock]::Create($code)) | Out-Null } | Should -Not -Throw
        $Error | Should -BeNullOrEmpty
        Get-PSDrive secure -ErrorAction Ignore | Should -BeNullOrEmpty
    }
    It 'warns that a digest password crosses the network in clear without TLS, and not with it' {
        $cred = [pscredential]::new('bob', (ConvertTo-SecureString 'pw-1' -AsPlainText -Force))
        $warnings = $null
        New-PSDrive -Name plain -PSProvider ZooKeeper -Root / -ComputerName $server.ConnectString -Credential $cred -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
        Remove-PSDrive plain
        "$warnings" | Should -BeLike "*'bob' crosses the network in clear*"
        $warnings = $null
        New-PSDrive -Name secure -PSProvider ZooKeeper -Root / -ComputerName $tlsCs -UseTls -CertificateAuthority $ca -ClientCertificatePath $pfx -Credential $cred -WarningVariable warnings | Out-Null
        Remove-PSDrive secure
        $warnings | Should -BeNullOrEmpty
    }
}
