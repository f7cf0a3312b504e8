using AzureGateway.KeyVault.Bindings;
using AzureGateway.Model;
using static AzureGateway.KeyVault.Tests.SyncHarness;

namespace AzureGateway.KeyVault.Tests;

/// <summary>The gateway's notice of changed bindings fills just the objects it names, reading nothing else from the cluster.</summary>
public sealed class ObjectsChangedTests
{
    [Fact]
    public async Task Only_the_named_objects_are_read_and_filled_without_listing_the_cluster()
    {
        await using var harness = await StartAsync();
        var vault = harness.Vault;
        var (v1, _) = vault.AddIssuedVersion("gateway-client", Epoch);
        harness.Secret("new-binding", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"));
        harness.Secret("other-binding", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"));
        var before = harness.Api.Requests.Count;

        var report = await harness.Sync.ObjectsChangedAsync(
            [BoundObject.At(ObjectKind.Secret, "apps", "new-binding"), BoundObject.At(ObjectKind.Secret, "apps", "gone")], CancellationToken.None);

        Assert.Equal((1, 0), (report.Updated, report.Unchanged));
        Assert.Empty(report.Problems);
        Assert.Equal($"gateway-client/{v1}", WrittenVersion(harness.SecretObject("new-binding")));
        Assert.Equal("", WrittenVersion(harness.SecretObject("other-binding")));
        var requests = harness.Api.Requests.Skip(before).ToList();
        Assert.DoesNotContain(requests, r => r.Method == "GET" && r.Name is null);
        Assert.Equal(2, requests.Count(r => r.Method == "GET" && r.Plural == "secrets"));
    }
}
