using AzureGateway.Cli.Demo;

namespace AzureGateway.Cli.Tests;

public sealed class ForwardedClientCertificateTests
{
    [Fact]
    public void ReadsHashAndTheQuotedSubjectOfEnvoysFormat()
    {
        var forwarded = ForwardedClientCertificate.Parse("Hash=9f86d081884c7d65;Subject=\"CN=demo-client,O=Contoso\";URI=;DNS=client.contoso.com");

        Assert.Equal(new ForwardedClientCertificate("9f86d081884c7d65", "CN=demo-client,O=Contoso"), forwarded);
    }

    [Fact]
    public void TheLastElementIsTheOneTheNearestProxyAdded()
    {
        var forwarded = ForwardedClientCertificate.Parse("By=spiffe://edge;Hash=aa;Subject=\"CN=first\",Hash=bb;Subject=\"CN=second\"");

        Assert.Equal(new ForwardedClientCertificate("bb", "CN=second"), forwarded);
    }

    [Fact]
    public void AnEscapedQuoteStaysInTheValue()
    {
        var forwarded = ForwardedClientCertificate.Parse("Subject=\"CN=say \\\"hi\\\";O=x\";Hash=cc");

        Assert.Equal(new ForwardedClientCertificate("cc", "CN=say \"hi\";O=x"), forwarded);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" , ")]
    public void AHeaderWithoutPairsDescribesNoCertificate(string header)
    {
        Assert.Null(ForwardedClientCertificate.Parse(header));
    }
}
