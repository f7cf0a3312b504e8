using AzureGateway.Certificates;
using AzureGateway.KeyVault.Bindings;
using AzureGateway.Model;
using Microsoft.Extensions.Logging;
using static AzureGateway.KeyVault.Tests.SyncHarness;

namespace AzureGateway.KeyVault.Tests;

public sealed class CertificateSyncTests
{
    [Fact]
    public async Task A_new_version_updates_every_bound_secret_and_ca_bundle()
    {
        await using var harness = await StartAsync();
        var vault = harness.Vault;
        var (v1, _) = vault.AddIssuedVersion("gateway-client", Epoch);
        var (_, otherCa) = vault.AddIssuedVersion("partner-ca", Epoch);
        harness.Secret("client", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"));
        harness.ConfigMap("bundle", KeyVaultAnnotations.CaCertificates, $"{vault.IdOf("gateway-client")}, {vault.IdOf("partner-ca")}");
        harness.Secret("bundle-secret", KeyVaultAnnotations.CaCertificates, vault.IdOf("gateway-client"), type: "Opaque");
        Assert.Equal(3, (await harness.Sync.ReconcileAsync(CancellationToken.None)).Updated);
        Assert.StartsWith($"gateway-client/{v1}", WrittenVersion(harness.SecretObject("client")));

        var (v2, rotated) = vault.AddIssuedVersion("gateway-client", Epoch.AddDays(30));
        var report = await harness.Sync.CertificateChangedAsync(KeyVaultCertificateId(vault.IdOf("gateway-client", v2)), CancellationToken.None);

        Assert.Equal((3, 0), (report.Updated, report.Unchanged));
        Assert.Empty(report.Problems);
        Assert.Equal(PemExport.CertificateWithChain(rotated, vault.Issuer.Certificate), harness.SecretData("client", "tls.crt"));
        var pair = PemCertificates.ReadWithKey(harness.SecretData("client", "tls.crt")!, harness.SecretData("client", "tls.key")!);
        Assert.True(pair.Succeeded, pair.Error);
        Assert.Equal(rotated.Thumbprint, pair.Value!.Thumbprint);
        Assert.Equal($"gateway-client/{v2}", WrittenVersion(harness.SecretObject("client")));
        Assert.Equal(Epoch.AddDays(30), DateTimeOffset.Parse(Annotation(harness.SecretObject("client"), KeyVaultAnnotations.NotBefore)!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(PemExport.Certificate(rotated) + PemExport.Certificate(otherCa), harness.ConfigMapData("bundle", "ca.crt"));
        Assert.Equal(PemExport.Certificate(rotated), harness.SecretData("bundle-secret", "ca.crt"));
        Assert.Null(harness.SecretData("bundle-secret", "tls.key"));
        Assert.Equal(["https://vault.azure.net/.default"], harness.Credential.Scopes);
        Assert.DoesNotContain(harness.Logs.GetSnapshot(), r => r.Message.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_certificate_kept_as_pem_is_written_with_its_key_and_chain()
    {
        await using var harness = await StartAsync();
        var vault = harness.Vault;
        var (_, certificate) = vault.AddIssuedVersion("gateway-client", Epoch, pem: true);
        harness.Secret("client", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"));

        var report = await harness.Sync.ReconcileAsync(CancellationToken.None);

        Assert.Equal(1, report.Updated);
        Assert.Equal(PemExport.CertificateWithChain(certificate, vault.Issuer.Certificate), harness.SecretData("client", "tls.crt"));
        var pair = PemCertificates.ReadWithKey(harness.SecretData("client", "tls.crt")!, harness.SecretData("client", "tls.key")!);
        Assert.True(pair.Succeeded, pair.Error);
        Assert.Equal(certificate.Thumbprint, pair.Value!.Thumbprint);
    }

    [Fact]
    public async Task An_older_or_duplicate_event_changes_nothing()
    {
        await using var harness = await StartAsync();
        var vault = harness.Vault;
        var (v1, _) = vault.AddIssuedVersion("gateway-client", Epoch);
        var (v2, current) = vault.AddIssuedVersion("gateway-client", Epoch.AddDays(30));
        harness.Secret("client", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"));
        await harness.Sync.CertificateChangedAsync(KeyVaultCertificateId(vault.IdOf("gateway-client", v2)), CancellationToken.None);
        var written = harness.SecretObject("client");

        var duplicate = await harness.Sync.CertificateChangedAsync(KeyVaultCertificateId(vault.IdOf("gateway-client", v2)), CancellationToken.None);
        var late = await harness.Sync.CertificateChangedAsync(KeyVaultCertificateId(vault.IdOf("gateway-client", v1)), CancellationToken.None);

        Assert.Equal((0, 1), (duplicate.Updated, duplicate.Unchanged));
        Assert.Equal((0, 1), (late.Updated, late.Unchanged));
        Assert.Equal(ResourceVersion(written), ResourceVersion(harness.SecretObject("client")));
        Assert.Equal(PemExport.CertificateWithChain(current, vault.Issuer.Certificate), harness.SecretData("client", "tls.crt"));
    }

    [Fact]
    public async Task A_pinned_version_stays_when_a_newer_one_arrives()
    {
        await using var harness = await StartAsync();
        var vault = harness.Vault;
        var (v1, pinned) = vault.AddIssuedVersion("gateway-client", Epoch);
        harness.Secret("client", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client", v1));
        await harness.Sync.ReconcileAsync(CancellationToken.None);

        var (v2, _) = vault.AddIssuedVersion("gateway-client", Epoch.AddDays(30));
        var report = await harness.Sync.CertificateChangedAsync(KeyVaultCertificateId(vault.IdOf("gateway-client", v2)), CancellationToken.None);

        Assert.Equal((0, 1), (report.Updated, report.Unchanged));
        Assert.Equal(PemExport.CertificateWithChain(pinned, vault.Issuer.Certificate), harness.SecretData("client", "tls.crt"));
        Assert.Equal($"gateway-client/{v1}", WrittenVersion(harness.SecretObject("client")));
    }

    [Fact]
    public async Task A_disabled_newest_version_is_skipped()
    {
        await using var harness = await StartAsync();
        var vault = harness.Vault;
        var (v1, enabled) = vault.AddIssuedVersion("gateway-client", Epoch);
        var (v2, _) = vault.AddIssuedVersion("gateway-client", Epoch.AddDays(30), enabled: false);
        harness.Secret("client", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"));

        var reconciled = await harness.Sync.ReconcileAsync(CancellationToken.None);
        var announced = await harness.Sync.CertificateChangedAsync(KeyVaultCertificateId(vault.IdOf("gateway-client", v2)), CancellationToken.None);

        Assert.Equal(1, reconciled.Updated);
        Assert.Equal((0, 1), (announced.Updated, announced.Unchanged));
        Assert.Equal(PemExport.CertificateWithChain(enabled, vault.Issuer.Certificate), harness.SecretData("client", "tls.crt"));
        Assert.Equal($"gateway-client/{v1}", WrittenVersion(harness.SecretObject("client")));
    }

    [Fact]
    public async Task A_version_not_valid_yet_is_skipped_until_its_not_before()
    {
        await using var harness = await StartAsync();
        var vault = harness.Vault;
        var (v1, valid) = vault.AddIssuedVersion("gateway-client", Epoch);
        var (v2, _) = vault.AddIssuedVersion("gateway-client", DateTimeOffset.UtcNow.AddDays(1));
        harness.Secret("client", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"));

        await harness.Sync.ReconcileAsync(CancellationToken.None);
        var announced = await harness.Sync.CertificateChangedAsync(KeyVaultCertificateId(vault.IdOf("gateway-client", v2)), CancellationToken.None);

        Assert.Equal((0, 1), (announced.Updated, announced.Unchanged));
        Assert.Equal(PemExport.CertificateWithChain(valid, vault.Issuer.Certificate), harness.SecretData("client", "tls.crt"));
        Assert.Equal($"gateway-client/{v1}", WrittenVersion(harness.SecretObject("client")));
    }

    [Fact]
    public async Task Key_vault_failing_leaves_the_secret_untouched_and_a_passing_failure_is_retried()
    {
        await using var harness = await StartAsync();
        var vault = harness.Vault;
        var (_, first) = vault.AddIssuedVersion("gateway-client", Epoch);
        harness.Secret("client", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"));
        await harness.Sync.ReconcileAsync(CancellationToken.None);
        var before = harness.SecretObject("client");
        var (v2, rotated) = vault.AddIssuedVersion("gateway-client", Epoch.AddDays(30));

        vault.FailAll(true);
        var failed = await harness.Sync.CertificateChangedAsync(KeyVaultCertificateId(vault.IdOf("gateway-client", v2)), CancellationToken.None);
        vault.FailAll(false);

        Assert.Equal(0, failed.Updated);
        var problem = Assert.Single(failed.Problems);
        Assert.Contains("Secret apps/client", problem, StringComparison.Ordinal);
        Assert.Contains("503", problem, StringComparison.Ordinal);
        Assert.Equal(ResourceVersion(before), ResourceVersion(harness.SecretObject("client")));
        Assert.Equal(PemExport.CertificateWithChain(first, vault.Issuer.Certificate), harness.SecretData("client", "tls.crt"));

        vault.FailNext(2);
        var retried = await harness.Sync.CertificateChangedAsync(KeyVaultCertificateId(vault.IdOf("gateway-client", v2)), CancellationToken.None);

        Assert.Equal(1, retried.Updated);
        Assert.Empty(retried.Problems);
        Assert.Equal(PemExport.CertificateWithChain(rotated, vault.Issuer.Certificate), harness.SecretData("client", "tls.crt"));
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Level == LogLevel.Information && r.Message.Contains("trying again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_api_server_failure_is_retried()
    {
        await using var harness = await StartAsync();
        var vault = harness.Vault;
        var (_, certificate) = vault.AddIssuedVersion("gateway-client", Epoch);
        harness.Secret("client", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"));

        harness.ApiFailures.FailNext(2);
        var report = await harness.Sync.ReconcileAsync(CancellationToken.None);

        Assert.Equal(1, report.Updated);
        Assert.Equal(PemExport.CertificateWithChain(certificate, vault.Issuer.Certificate), harness.SecretData("client", "tls.crt"));
    }

    [Fact]
    public async Task A_bad_annotation_is_reported_in_one_line_and_nothing_is_written()
    {
        await using var harness = await StartAsync();
        harness.Secret("typo", KeyVaultAnnotations.Certificate, "https://myvault.vault.azure.net/secrets/gateway-client");
        harness.ConfigMap("key-in-configmap", KeyVaultAnnotations.Certificate, harness.Vault.IdOf("gateway-client"));
        var before = harness.SecretObject("typo");

        var report = await harness.Sync.ReconcileAsync(CancellationToken.None);

        Assert.Equal((0, 0), (report.Updated, report.Unchanged));
        Assert.Equal(2, report.Problems.Count);
        Assert.All(report.Problems, p => Assert.DoesNotContain('\n', p));
        Assert.Contains(report.Problems, p => p.StartsWith("Secret apps/typo: azuregateway.io/key-vault-certificate:", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.StartsWith("ConfigMap apps/key-in-configmap:", StringComparison.Ordinal) && p.Contains("belongs on a Secret", StringComparison.Ordinal));
        Assert.Equal(ResourceVersion(before), ResourceVersion(harness.SecretObject("typo")));
        Assert.Equal(2, harness.Logs.GetSnapshot().Count(r => r.Level == LogLevel.Warning));
        Assert.Equal(0, harness.Vault.Requests);
    }

    [Fact]
    public async Task Only_the_vaults_the_app_is_given_are_read()
    {
        // Host names compare without case, as DNS does.
        await using var harness = await StartAsync(vault => [new Uri($"https://LOCALHOST:{vault.Url.Port}/")]);
        var vault = harness.Vault;
        vault.AddIssuedVersion("gateway-client", Epoch);
        var elsewhere = "https://other-vault.vault.azure.net/certificates/gateway-client";
        harness.Secret("client", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"));
        harness.ConfigMap("bundle", KeyVaultAnnotations.CaCertificates, $"{vault.IdOf("gateway-client")}, {elsewhere}");
        var before = harness.ConfigMapObject("bundle");

        var report = await harness.Sync.ReconcileAsync(CancellationToken.None);

        Assert.Equal(1, report.Updated);
        Assert.NotNull(harness.SecretData("client", "tls.key"));
        var problem = Assert.Single(report.Problems);
        Assert.Equal($"ConfigMap apps/bundle: left as it was: {elsewhere} is not in a vault this app syncs from (https://localhost:{vault.Url.Port}/)", problem);
        Assert.Equal(ResourceVersion(before), ResourceVersion(harness.ConfigMapObject("bundle")));
    }

    [Theory]
    [InlineData("https://kv-abc.vault.azure.net/", "https://kv-abc.vault.azure.net/")]
    [InlineData(" https://a.vault.azure.net/ , https://b.vault.azure.net ", "https://a.vault.azure.net/ https://b.vault.azure.net/")]
    [InlineData("", "")]
    public void The_vaults_setting_is_a_list_of_vault_urls(string setting, string vaults) =>
        Assert.Equal(vaults, string.Join(' ', KeyVaultSyncServices.Vaults(setting)));

    [Theory]
    [InlineData("kv-abc.vault.azure.net")]
    [InlineData("http://kv-abc.vault.azure.net/")]
    [InlineData("https://kv-abc.vault.azure.net/certificates/gateway-client")]
    public void A_vaults_setting_naming_no_vault_is_refused_in_one_line(string setting)
    {
        var refused = Assert.Throws<InvalidSettingException>(() => KeyVaultSyncServices.Vaults(setting));
        Assert.Equal($"KEY_VAULT_URI: '{setting}' is not the https URL of a vault (https://<name>.vault.azure.net/)", refused.Message);
    }

    [Fact]
    public async Task A_certificate_without_a_usable_version_is_reported_and_nothing_is_written()
    {
        await using var harness = await StartAsync();
        harness.Vault.AddIssuedVersion("gateway-client", Epoch, enabled: false);
        harness.Secret("client", KeyVaultAnnotations.Certificate, harness.Vault.IdOf("gateway-client"));
        var before = harness.SecretObject("client");

        var report = await harness.Sync.ReconcileAsync(CancellationToken.None);

        var problem = Assert.Single(report.Problems);
        Assert.StartsWith("Secret apps/client: ", problem, StringComparison.Ordinal);
        Assert.Contains("enabled and valid now", problem, StringComparison.Ordinal);
        Assert.Equal(ResourceVersion(before), ResourceVersion(harness.SecretObject("client")));
    }

    [Fact]
    public async Task Reconcile_repairs_a_missed_event()
    {
        await using var harness = await StartAsync();
        var vault = harness.Vault;
        vault.AddIssuedVersion("gateway-client", Epoch);
        harness.Secret("client", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"));
        await harness.Sync.ReconcileAsync(CancellationToken.None);

        var (v2, rotated) = vault.AddIssuedVersion("gateway-client", Epoch.AddDays(30));
        var report = await harness.Sync.ReconcileAsync(CancellationToken.None);
        var again = await harness.Sync.ReconcileAsync(CancellationToken.None);

        Assert.Equal(1, report.Updated);
        Assert.Equal((0, 1), (again.Updated, again.Unchanged));
        Assert.Equal(PemExport.CertificateWithChain(rotated, vault.Issuer.Certificate), harness.SecretData("client", "tls.crt"));
        Assert.Equal($"gateway-client/{v2}", WrittenVersion(harness.SecretObject("client")));
    }

    [Fact]
    public async Task An_expiry_event_marks_the_objects_bound_to_the_certificate_once()
    {
        await using var harness = await StartAsync();
        var vault = harness.Vault;
        vault.AddIssuedVersion("gateway-client", Epoch);
        vault.AddIssuedVersion("other", Epoch);
        harness.Secret("client", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"));
        harness.Secret("unrelated", KeyVaultAnnotations.Certificate, vault.IdOf("other"));

        var first = await harness.Sync.CertificateExpiringAsync(KeyVaultCertificateId(vault.IdOf("gateway-client")), expired: true, CancellationToken.None);
        var second = await harness.Sync.CertificateExpiringAsync(KeyVaultCertificateId(vault.IdOf("gateway-client")), expired: true, CancellationToken.None);

        Assert.Equal((1, 0), (first.Updated, first.Unchanged));
        Assert.Equal((0, 1), (second.Updated, second.Unchanged));
        Assert.Equal("Expired", Annotation(harness.SecretObject("client"), KeyVaultAnnotations.Expiry));
        Assert.Null(Annotation(harness.SecretObject("unrelated"), KeyVaultAnnotations.Expiry));
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("Expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_expiry_event_about_a_version_already_rotated_away_marks_nothing()
    {
        await using var harness = await StartAsync();
        var vault = harness.Vault;
        var (v1, _) = vault.AddIssuedVersion("gateway-client", Epoch);
        vault.AddIssuedVersion("gateway-client", Epoch.AddDays(30));
        harness.Secret("client", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"));
        await harness.Sync.ReconcileAsync(CancellationToken.None);

        var report = await harness.Sync.CertificateExpiringAsync(KeyVaultCertificateId(vault.IdOf("gateway-client", v1)), expired: false, CancellationToken.None);

        Assert.Equal((0, 1), (report.Updated, report.Unchanged));
        Assert.Null(Annotation(harness.SecretObject("client"), KeyVaultAnnotations.Expiry));
    }

    private static KeyVaultCertificateId KeyVaultCertificateId(string text) =>
        KeyVault.KeyVaultCertificateId.TryParse(text, out var id, out var problem) ? id! : throw new ArgumentException(problem);
}
