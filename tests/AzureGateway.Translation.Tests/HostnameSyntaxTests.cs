using AzureGateway.Translation.Gateways;

namespace AzureGateway.Translation.Tests;

public sealed class HostnameSyntaxTests
{
    [Theory]
    [InlineData("example.com", false)]
    [InlineData("*.example.com", false)]
    [InlineData("10.0.0.1", true)]
    [InlineData("::1", true)]
    public void OnlyAnIpAddressIsAnAddressTheHostnamePatternLetsThrough(string hostname, bool isAddress) =>
        Assert.Equal(isAddress, HostnameSyntax.IsIpAddress(hostname));
}
