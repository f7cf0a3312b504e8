using AzureGateway.Translation.Gateways;

namespace AzureGateway.Translation.Tests;

public sealed class HostnameSyntaxTests
{
    [Theory]
    [InlineData("example.com", true, true)]
    [InlineData("*.example.com", true, false)]
    [InlineData("10.0.0.1", false, true)]
    [InlineData("Example.com", false, false)]
    [InlineData("example.com\n", false, false)]
    [InlineData("-example.com", false, false)]
    public void HostnamesArePreciseOnlyWithoutWildcardAndIpAddressesOnlyPrecise(string hostname, bool isHostname, bool isPrecise)
    {
        Assert.Equal(isHostname, HostnameSyntax.IsValid(hostname));
        Assert.Equal(isPrecise, HostnameSyntax.IsPrecise(hostname));
    }
}
