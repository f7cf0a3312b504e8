using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AzureGateway.Model;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace AzureGateway.Translation.Tests;

/// <summary>
/// A translator that sees a snapshot in which only Secrets or ConfigMaps changed may take the short way
/// (<c>CertificateRotation</c>). Whichever way it takes, the result must be what a new translator gives.
/// Every Secret and ConfigMap of every golden case is changed in three ways: its certificates re-issued under
/// the same subjects with new keys (a rotation), its entries made unreadable, and only a label added. A listener
/// Secret made unreadable is the one exception: the translator keeps serving its last certificate.
/// </summary>
public sealed class CertificateRotationTests
{
    public static IEnumerable<object[]> Changes() =>
        from c in GoldenFiles.Cases()
        let name = (string)c[0]
        from change in new[] { "reissued", "unreadable", "relabelled" }
        select new object[] { name, change };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_changed_secret_or_config_map_gives_the_result_of_a_new_translator(string name, string change)
    {
        var original = GoldenFiles.Snapshot(name + ".in.yaml", GoldenFiles.ReadInput(name));
        foreach (var changed in EachObjectChanged(original, change))
        {
            var translator = new GatewayTranslator(GoldenFiles.Options);
            var before = translator.Translate(original);

            var again = translator.Translate(changed);

            if (change == "unreadable" && KeepsServing(before, again))
            {
                continue; // a listener Secret made unusable keeps its last certificate, which a new translator never had
            }
            var fresh = GoldenFiles.Translate(changed);
            Assert.Equal(GoldenFiles.Render(fresh), GoldenFiles.Render(again));
            Assert.Equal(fresh.Ir, again.Ir);
            if (change == "relabelled")
            {
                // Nothing the translator reads changed: the short way is always open.
                Assert.True(before.Statuses == again.Statuses, "a relabelled object took the full translation");
            }
        }
    }

    [Fact]
    public void A_rotated_client_certificate_takes_the_short_way_and_reaches_every_cluster_that_presented_it()
    {
        var name = "alb-scenario-agc-backend-mtls";
        var original = GoldenFiles.Snapshot(name + ".in.yaml", GoldenFiles.ReadInput(name));
        var translator = new GatewayTranslator(GoldenFiles.Options);
        var before = translator.Translate(original);
        var presented = before.Ir.Clusters.Select(c => c.Tls?.ClientCertificate).OfType<AzureGateway.IR.CertificateIr>().First();
        var secretName = presented.Source.Split('/')[1];
        var rotated = Replace(original, original.Secrets.Single(s => s.Metadata.Name == secretName), "reissued");

        var after = translator.Translate(rotated);

        Assert.True(before.Statuses == after.Statuses, "the statuses of the last translation are kept: the short way was taken");
        var clients = after.Ir.Clusters.Select(c => c.Tls?.ClientCertificate).OfType<AzureGateway.IR.CertificateIr>()
            .Where(c => c.Source == presented.Source).ToList();
        Assert.NotEmpty(clients);
        Assert.All(clients, c => Assert.NotEqual(presented.Thumbprint, c.Thumbprint));
        Assert.Equal(GoldenFiles.Render(GoldenFiles.Translate(rotated)), GoldenFiles.Render(after));
    }

    [Fact]
    public void A_rotation_after_another_certificate_expired_takes_the_full_translation()
    {
        var name = "alb-scenario-agc-backend-mtls";
        var original = GoldenFiles.Snapshot(name + ".in.yaml", GoldenFiles.ReadInput(name));
        var clock = new FakeTimeProvider(GoldenFiles.Now);
        var translator = new GatewayTranslator(new TranslatorOptions { Time = clock });
        var before = translator.Translate(original);
        var secret = original.Secrets.First();

        clock.SetUtcNow(DateTimeOffset.MaxValue.AddDays(-1)); // every certificate has expired
        var after = translator.Translate(Replace(original, secret, "relabelled"));

        Assert.False(before.Statuses == after.Statuses);
        Assert.Equal(
            GoldenFiles.Render(new GatewayTranslator(new TranslatorOptions { Time = clock }).Translate(Replace(original, secret, "relabelled"))),
            GoldenFiles.Render(after));
    }

    [Fact]
    public void A_key_vault_expiry_mark_appearing_or_going_reaches_the_statuses()
    {
        var name = "key-vault-expiry-marks";
        var marked = GoldenFiles.Snapshot(name + ".in.yaml", GoldenFiles.ReadInput(name));
        var secret = marked.Secrets.Single(s => s.Metadata.Name == "gateway-client");
        var unmarked = marked with
        {
            Secrets = marked.Secrets.Replace(secret, new V1Secret
            {
                ApiVersion = secret.ApiVersion,
                Kind = secret.Kind,
                Type = secret.Type,
                Data = secret.Data,
                Metadata = new V1ObjectMeta { Name = secret.Metadata.Name, NamespaceProperty = secret.Metadata.NamespaceProperty },
            }, ReferenceEqualityComparer.Instance),
        };
        var translator = new GatewayTranslator(GoldenFiles.Options);

        foreach (var snapshot in new[] { marked, unmarked, marked })
        {
            var result = translator.Translate(snapshot);

            Assert.Equal(GoldenFiles.Render(GoldenFiles.Translate(snapshot)), GoldenFiles.Render(result));
            var expired = result.Statuses.SelectMany(s => s.Conditions()).Any(c => c.Reason == "Expired");
            Assert.Equal(ReferenceEquals(snapshot, marked), expired);
        }
    }

    /// <summary>Some listener certificate of the last translation is still served though its Secret became unusable.</summary>
    private static bool KeepsServing(TranslationResult before, TranslationResult after)
    {
        var served = before.Ir.Ports.SelectMany(p => p.ListenerTls).Select(l => l.Certificate).ToHashSet();
        return after.Statuses.SelectMany(s => s.Conditions()).Any(c => c.Message.Contains("serving the previous certificate", StringComparison.Ordinal))
            && after.Ir.Ports.SelectMany(p => p.ListenerTls).Any(l => served.Contains(l.Certificate));
    }

    private static IEnumerable<ResourceSnapshot> EachObjectChanged(ResourceSnapshot snapshot, string change) =>
        snapshot.Secrets.Select(s => Replace(snapshot, s, change))
            .Concat(snapshot.ConfigMaps.Select(c => Replace(snapshot, c, change)));

    private static ResourceSnapshot Replace(ResourceSnapshot snapshot, V1Secret secret, string change)
    {
        var data = (secret.Data ?? new Dictionary<string, byte[]>()).ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetString(kv.Value));
        var changed = new V1Secret
        {
            ApiVersion = secret.ApiVersion,
            Kind = secret.Kind,
            Type = secret.Type,
            Metadata = Metadata(secret.Metadata, change),
            Data = Change(data, change).ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value)),
        };
        return snapshot with { Secrets = snapshot.Secrets.Replace(secret, changed, ReferenceEqualityComparer.Instance) };
    }

    private static ResourceSnapshot Replace(ResourceSnapshot snapshot, V1ConfigMap configMap, string change)
    {
        var changed = new V1ConfigMap
        {
            ApiVersion = configMap.ApiVersion,
            Kind = configMap.Kind,
            Metadata = Metadata(configMap.Metadata, change),
            Data = configMap.Data is null ? null : Change(new Dictionary<string, string>(configMap.Data), change),
            BinaryData = configMap.BinaryData?.ToDictionary(
                kv => kv.Key, kv => Encoding.UTF8.GetBytes(Change(new() { [kv.Key] = Encoding.UTF8.GetString(kv.Value) }, change)[kv.Key])),
        };
        return snapshot with { ConfigMaps = snapshot.ConfigMaps.Replace(configMap, changed, ReferenceEqualityComparer.Instance) };
    }

    private static V1ObjectMeta Metadata(V1ObjectMeta metadata, string change) => new()
    {
        Name = metadata.Name,
        NamespaceProperty = metadata.NamespaceProperty,
        Annotations = metadata.Annotations,
        Labels = change == "relabelled"
            ? new Dictionary<string, string>(metadata.Labels ?? new Dictionary<string, string>()) { ["rotated"] = "yes" }
            : metadata.Labels,
    };

    private static Dictionary<string, string> Change(Dictionary<string, string> entries, string change) => change switch
    {
        "unreadable" => entries.ToDictionary(kv => kv.Key, _ => "not a certificate"),
        "reissued" => Reissue(entries),
        _ => entries,
    };

    /// <summary>Each certificate entry becomes a new certificate with the first one's subject; tls.key its key.</summary>
    private static Dictionary<string, string> Reissue(Dictionary<string, string> entries)
    {
        var reissued = new Dictionary<string, string>(entries);
        foreach (var (key, value) in entries)
        {
            if (!value.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal))
            {
                continue;
            }
            using var old = X509Certificate2.CreateFromPem(value);
            using var newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(old.SubjectName, newKey, HashAlgorithmName.SHA256);
            using var certificate = request.CreateSelfSigned(GoldenFiles.Now.AddDays(-1), GoldenFiles.Now.AddYears(1));
            reissued[key] = certificate.ExportCertificatePem() + "\n";
            if (key == "tls.crt" && entries.ContainsKey("tls.key"))
            {
                reissued["tls.key"] = newKey.ExportPkcs8PrivateKeyPem() + "\n";
            }
        }
        return reissued;
    }
}
