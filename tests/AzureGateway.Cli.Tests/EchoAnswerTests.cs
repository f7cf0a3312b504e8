using System.Text.Json;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;
using AzureGateway.EchoBackend;

namespace AzureGateway.Cli.Tests;

public sealed class EchoAnswerTests
{
    [Fact]
    public void ReadsTlsVersionSniAndTheFirstPeerCertificateAsTheClientCertificate()
    {
        using var authority = CertificateAuthority.Create("test CA");
        using var client = authority.IssueClient("gateway-client");
        // The echo backend's answer, as it writes it.
        var json = JsonSerializer.Serialize(Answer("Tls13") with
        {
            PeerCertificates = [PemExport.Certificate(client), PemExport.Certificate(authority.Certificate)],
        }, EchoJsonContext.Readable.EchoResponse);

        var answer = EchoAnswer.Parse(json);

        Assert.NotNull(answer);
        Assert.Equal("Tls13", answer.TlsVersion);
        Assert.Equal("backend.com", answer.ServerName);
        Assert.Equal("CN=gateway-client", answer.ClientCertificate?.Subject);
    }

    [Fact]
    public void AnAnswerWithoutClientCertificateSaysSo()
    {
        var answer = EchoAnswer.Parse(JsonSerializer.Serialize(Answer("Tls12"), EchoJsonContext.Readable.EchoResponse));

        Assert.NotNull(answer);
        Assert.Equal("Tls12", answer.TlsVersion);
        Assert.Equal("backend.com", answer.ServerName);
        Assert.Null(answer.ClientCertificate);
        Assert.Null(answer.ForwardedClient);
        Assert.Null(answer.ClientVerification);
    }

    [Fact]
    public void ReadsTheClientTheGatewayForwardedAndItsVerdictFromTheRequestHeaders()
    {
        var json = JsonSerializer.Serialize(Answer("Tls13") with
        {
            Headers = new Dictionary<string, string>
            {
                ["x-forwarded-client-cert"] = "Hash=5d41402abc4b2a76;Subject=\"CN=demo-client\";URI=;DNS=",
                ["x-client-cert-verify"] = "SUCCESS",
            },
        }, EchoJsonContext.Readable.EchoResponse);

        var answer = EchoAnswer.Parse(json);

        Assert.NotNull(answer);
        Assert.Equal(new ForwardedClientCertificate("5d41402abc4b2a76", "CN=demo-client"), answer.ForwardedClient);
        Assert.Equal("SUCCESS", answer.ClientVerification);
    }

    [Fact]
    public void TextThatIsNotAJsonObjectIsNoAnswer()
    {
        Assert.Null(EchoAnswer.Parse("Bad Gateway"));
        Assert.Null(EchoAnswer.Parse("[]"));
    }

    private static EchoResponse Answer(string tlsVersion) => new()
    {
        TlsVersion = tlsVersion,
        Sni = "backend.com",
        Method = "GET",
        Path = "/",
        Host = "frontend.com",
    };
}
