using System.Text.Json;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;

namespace AzureGateway.Cli.Tests;

public sealed class EchoAnswerTests
{
    [Fact]
    public void ReadsTlsVersionSniAndTheFirstPeerCertificate()
    {
        using var authority = CertificateAuthority.Create("test CA");
        using var client = authority.IssueClient("gateway-client");
        var json = JsonSerializer.Serialize(new
        {
            method = "GET",
            protocol = "HTTP/1.1",
            tls = new
            {
                version = "Tls13",
                sni = "backend.com",
                cipherSuite = "TLS_AES_256_GCM_SHA384",
                peerCertificates = new[] { PemExport.Certificate(client), PemExport.Certificate(authority.Certificate) },
            },
        });

        var answer = EchoAnswer.Parse(json);

        Assert.NotNull(answer);
        Assert.Equal("Tls13", answer.TlsVersion);
        Assert.Equal("backend.com", answer.ServerName);
        Assert.Equal("CN=gateway-client", answer.ClientCertificate?.Subject);
    }

    [Fact]
    public void AnAnswerWithoutClientCertificateSaysSo()
    {
        var answer = EchoAnswer.Parse("""{"tlsVersion":"Tls12","serverName":"backend.com"}""");

        Assert.NotNull(answer);
        Assert.Equal("Tls12", answer.TlsVersion);
        Assert.Equal("backend.com", answer.ServerName);
        Assert.Null(answer.ClientCertificate);
    }

    [Fact]
    public void TextThatIsNotJsonIsNoAnswer() => Assert.Null(EchoAnswer.Parse("Bad Gateway"));
}
