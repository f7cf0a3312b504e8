using System.Text.Json;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;

namespace AzureGateway.Cli.Tests;

public sealed class EchoAnswerTests
{
    [Fact]
    public void ReadsTlsVersionSniAndTheFirstPeerCertificateAsTheClientCertificate()
    {
        using var authority = CertificateAuthority.Create("test CA");
        using var client = authority.IssueClient("gateway-client");
        // The echo backend's answer, as it writes it.
        var json = JsonSerializer.Serialize(new
        {
            tlsVersion = "Tls13",
            sni = "backend.com",
            cipherSuite = "TLS_AES_256_GCM_SHA384",
            alpn = "http/1.1",
            method = "GET",
            peerCertificates = new[] { PemExport.Certificate(client), PemExport.Certificate(authority.Certificate) },
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
        var answer = EchoAnswer.Parse("""{"tlsVersion":"Tls12","sni":"backend.com","peerCertificates":[]}""");

        Assert.NotNull(answer);
        Assert.Equal("Tls12", answer.TlsVersion);
        Assert.Equal("backend.com", answer.ServerName);
        Assert.Null(answer.ClientCertificate);
    }

    [Fact]
    public void TextThatIsNotAJsonObjectIsNoAnswer()
    {
        Assert.Null(EchoAnswer.Parse("Bad Gateway"));
        Assert.Null(EchoAnswer.Parse("[]"));
    }
}
