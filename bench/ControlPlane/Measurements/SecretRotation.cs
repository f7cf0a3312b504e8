using System.Diagnostics;
using AzureGateway.Bench.ControlPlane.Fleet;
using AzureGateway.DataPlane;
using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Sources.Files;
using AzureGateway.Translation;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Bench.ControlPlane.Measurements;

/// <summary>Figures of rotating one client certificate Secret, from the new snapshot to the data plane serving it.</summary>
public sealed record SecretRotationFigures(
    string Secret,
    TimeSpan FirstApply,
    Timings Translate,
    Timings Apply,
    Timings Total,
    int AffectedClusters,
    int ClustersWithNewCertificate,
    bool OtherClustersUnchanged,
    ResourceSnapshot FinalSnapshot,
    TranslationResult FinalResult);

/// <summary>
/// Rotates the backend client certificate of the first Gateway, as cert-manager or a person would: a new
/// certificate from the same CA in the same Secret. The new Secret is read through the YAML loader and put in
/// place of the old one (a snapshot is immutable, so this is a new snapshot that shares every other object);
/// then the same translator that translated the fleet translates it, and a running data plane applies the IR.
/// One rotation warms up; each of the next <c>iterations</c> issues another certificate.
/// </summary>
public sealed class SecretRotation(FleetCertificates certificates, GatewayTranslator translator, ILoggerFactory loggerFactory)
{
    private static readonly string SecretNamespace = FleetPlan.InfrastructureNamespace;
    private static readonly string SecretName = FleetPlan.GatewayClientSecret(0);
    private static readonly string Source = $"Secret {SecretNamespace}/{SecretName}";

    public async Task<SecretRotationFigures> MeasureAsync(
        ResourceSnapshot snapshot, TranslationResult translated, int iterations, CancellationToken cancellationToken)
    {
        await using var dataPlane = await GatewayDataPlane.StartAsync(
            new DataPlaneOptions { BindToFreePorts = true, ListenAddress = System.Net.IPAddress.Loopback },
            loggerFactory, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await dataPlane.ApplyAsync(translated.Ir, cancellationToken);
        var firstApply = Timings.Since(started);

        var translate = new List<TimeSpan>();
        var apply = new List<TimeSpan>();
        var affected = 0;
        var carrying = 0;
        var othersUnchanged = true;
        var current = (Snapshot: snapshot, Result: translated);
        for (var i = 0; i <= iterations; i++)
        {
            var pair = certificates.IssueClient($"{FleetPlan.Gateway(0)}-rotated-{i}");
            var next = WithSecret(current.Snapshot, Load(pair));
            FullTranslation.Collect();

            started = Stopwatch.GetTimestamp();
            var result = translator.Translate(next);
            var translateTime = Timings.Since(started);
            started = Stopwatch.GetTimestamp();
            await dataPlane.ApplyAsync(result.Ir, cancellationToken);
            var applyTime = Timings.Since(started);

            var check = Check(current.Result.Ir, result.Ir, FleetCertificates.Thumbprint(pair));
            affected = check.Affected;
            carrying = check.Carrying;
            othersUnchanged &= check.OthersUnchanged;
            if (i > 0)
            {
                translate.Add(translateTime);
                apply.Add(applyTime);
            }
            current = (next, result);
        }
        return new SecretRotationFigures(
            Source, firstApply, new Timings(translate), new Timings(apply),
            new Timings([.. translate.Zip(apply, (t, a) => t + a)]),
            affected, carrying, othersUnchanged, current.Snapshot, current.Result);
    }

    /// <summary>The Secret as the folder source would read it after the rotation was written.</summary>
    private static V1Secret Load(KeyPairPem pair)
    {
        var loaded = YamlDocumentLoader.Load("rotated-secret.yaml", FleetManifests.TlsSecretDocument(SecretNamespace, SecretName, pair));
        if (loaded.Error is not null)
        {
            throw new InvalidOperationException($"the rotated Secret does not load: {loaded.Error}");
        }
        return (V1Secret)loaded.Objects.Single();
    }

    private static ResourceSnapshot WithSecret(ResourceSnapshot snapshot, V1Secret secret)
    {
        var index = snapshot.Secrets.IndexOf(
            snapshot.Secrets.Single(s => s.Metadata.NamespaceProperty == SecretNamespace && s.Metadata.Name == SecretName));
        return snapshot with { Secrets = snapshot.Secrets.SetItem(index, secret) };
    }

    /// <summary>
    /// The clusters that presented the rotated Secret's certificate before, how many of them present the new
    /// one now (by thumbprint), and whether every other cluster is exactly as it was.
    /// </summary>
    private static (int Affected, int Carrying, bool OthersUnchanged) Check(GatewayIr before, GatewayIr after, string thumbprint)
    {
        var previous = before.Clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var affected = before.Clusters.Where(c => c.Tls?.ClientCertificate?.Source == Source).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var carrying = after.Clusters.Count(c => affected.Contains(c.Name) && c.Tls?.ClientCertificate?.Thumbprint == thumbprint);
        var othersUnchanged = after.Clusters.Count == before.Clusters.Count &&
            after.Clusters.Where(c => !affected.Contains(c.Name)).All(c => previous.TryGetValue(c.Name, out var old) && old.Equals(c));
        return (affected.Count, carrying, othersUnchanged);
    }
}
