using AzureGateway.KeyVault.Bindings;
using AzureGateway.KeyVault.Writing;
using AzureGateway.Model;
using static AzureGateway.KeyVault.Tests.SyncHarness;

namespace AzureGateway.KeyVault.Tests;

public sealed class AccessTests
{
    [Fact]
    public async Task The_access_rules_grant_exactly_the_calls_the_sync_makes()
    {
        await using var harness = await StartAsync();
        var vault = harness.Vault;
        vault.AddIssuedVersion("gateway-client", Epoch);
        harness.Secret("client", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"));
        harness.ConfigMap("bundle", KeyVaultAnnotations.CaCertificates, vault.IdOf("gateway-client"));
        await harness.Sync.ReconcileAsync(CancellationToken.None);
        // A failed write makes the sync read the object again before it retries.
        foreach (var (day, plural) in new[] { (1, "secrets"), (2, "configmaps") })
        {
            vault.AddIssuedVersion("gateway-client", Epoch.AddDays(day));
            harness.ApiFailures.FailNext(1, plural);
            Assert.Equal(2, (await harness.Sync.ReconcileAsync(CancellationToken.None)).Updated);
        }

        var made = harness.Api.Requests
            .Select(r => (r.Group, r.Plural, Verb: r.Method switch { "GET" when r.Name is null => "list", "GET" => "get", var m => m.ToLowerInvariant() }))
            .Distinct()
            .Order()
            .ToList();
        var granted = KeyVaultSyncAccess.Rules.SelectMany(r => r.Verbs.Select(v => (r.Group, Plural: r.Resource, Verb: v))).Order().ToList();

        Assert.Equal(granted, made);
    }
}
