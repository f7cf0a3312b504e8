using AzureGateway.Translation.Gateways;

namespace AzureGateway.Translation.Tests;

public sealed class HostnameSpecificityTests
{
    [Fact]
    public void Exact_names_come_first_then_wildcards_with_more_labels_then_the_catch_all()
    {
        string?[] hostnames = [null, "*.example.com", "*", "a.example.com", "*.api.example.com", "b.com"];

        var ordered = hostnames.Order(HostnameSpecificity.Instance).ToList();

        Assert.Equal<string?>(["a.example.com", "b.com", "*.api.example.com", "*.example.com", null, "*"], ordered);
    }
}
