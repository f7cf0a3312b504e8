using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Backends;
using AzureGateway.Translation.Routes;

namespace AzureGateway.Translation.Tests;

/// <summary>
/// Rules of <see cref="BackendTranslator"/> that hold for every input: checked over every golden case about
/// backends, plus the seam's contract with route translation.
/// </summary>
public sealed class BackendTranslatorTests
{
    private static readonly string[] BackendCasePrefixes = ["alb-", "backend-", "backendtlspolicy-", "envoyproxy-", "gateway-client-cert-"];

    public static IEnumerable<object[]> Cases() =>
        GoldenFiles.Cases().Where(c => BackendCasePrefixes.Any(((string)c[0]).StartsWith));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_backendRef_gets_a_cluster_that_fails_exactly_when_the_route_is_told_why(string name)
    {
        var (results, clusters) = ResolveAll(Snapshot(name));

        Assert.NotEmpty(results);
        foreach (var result in results)
        {
            var cluster = Assert.Single(clusters, c => c.Name == result.Cluster);
            Assert.Equal(cluster.Failure is not null, result.Problem is not null);
            if (result.Problem is { } problem)
            {
                Assert.Equal(("ResolvedRefs", "False"), (problem.Type, problem.Status));
                Assert.Empty(cluster.Endpoints);
                Assert.Null(cluster.Tls);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_TLS_cluster_verifies_its_backend_unless_a_Backend_opted_out(string name)
    {
        var (_, clusters) = ResolveAll(Snapshot(name));

        foreach (var tls in clusters.Select(c => c.Tls).OfType<UpstreamTlsIr>())
        {
            Assert.False(string.IsNullOrEmpty(tls.Sni));
            Assert.True(tls.TrustedCertificates.Count > 0 || tls.UseSystemTrust || tls.InsecureSkipVerify);
            Assert.Equal(tls.InsecureSkipVerify, tls.Provenance.Any(p => p.StartsWith("validation: skipped (", StringComparison.Ordinal)));
            Assert.True(tls.MinVersion >= TlsVersion.Tls12 && tls.MinVersion <= tls.MaxVersion);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_TLS_setting_names_the_resource_that_supplied_it(string name)
    {
        var (_, clusters) = ResolveAll(Snapshot(name));

        foreach (var tls in clusters.Select(c => c.Tls).OfType<UpstreamTlsIr>())
        {
            Assert.Equal(
                ["sni", "validation", "clientCertificate", "minVersion", "maxVersion"],
                tls.Provenance.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
            var clientLine = tls.Provenance.Single(p => p.StartsWith("clientCertificate:", StringComparison.Ordinal));
            Assert.Equal(tls.ClientCertificate is null, clientLine.StartsWith("clientCertificate: none", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Resolving_a_backendRef_twice_gives_the_same_cluster_once()
    {
        var snapshot = Snapshot("backendtlspolicy-ca-configmap");
        var translator = Translator(snapshot);
        var route = RouteSource.Of(snapshot.HttpRoutes.Single());
        var backendRef = route.Rules[0].BackendRefs[0].Ref;
        var gateway = snapshot.Gateways.Single();

        var first = translator.Resolve(route, backendRef, gateway, "http");
        var second = translator.Resolve(route, backendRef, gateway, "http");

        Assert.Equal(first, second);
        Assert.Single(translator.Finish().Clusters);
    }

    [Fact]
    public void A_backendRef_that_is_not_one_of_the_routes_own_is_refused()
    {
        var snapshot = Snapshot("backendtlspolicy-ca-configmap");
        var translator = Translator(snapshot);
        var copy = new HttpBackendRef { Name = "app", Port = 443 };

        Assert.Throws<ArgumentException>(() =>
            translator.Resolve(RouteSource.Of(snapshot.HttpRoutes.Single()), copy, snapshot.Gateways.Single(), "http"));
    }

    [Fact]
    public void A_rotated_CA_changes_the_trusted_certificate_and_an_emptied_one_fails_the_backend()
    {
        var input = GoldenFiles.ReadInput("backendtlspolicy-ca-configmap");
        var rotated = GoldenFiles.Snapshot("rotated", input.Replace(Base64Of("ca.crt"), Base64Of("other-ca.crt"), StringComparison.Ordinal));
        var emptied = GoldenFiles.Snapshot("emptied", input.Replace(Base64Of("ca.crt"), "\"\"", StringComparison.Ordinal));

        Assert.Equal("CN=Fixture Test CA", Assert.Single(Cluster(GoldenFiles.Snapshot("original", input)).Tls!.TrustedCertificates).Subject);
        Assert.Equal("CN=Fixture Other CA", Assert.Single(Cluster(rotated).Tls!.TrustedCertificates).Subject);
        Assert.NotNull(Cluster(emptied).Failure);
        var translator = Translator(emptied);
        ResolveAll(emptied, translator);
        var policy = (PolicyStatus)translator.Finish().Statuses.Single(s => s.Resource.Name == "app-tls").Status;
        var conditions = policy.Ancestors.Single().Conditions;
        Assert.Contains(conditions, c => c is { Type: "Accepted", Status: "False", Reason: "NoValidCACertificate" });
        Assert.Contains(conditions, c => c is { Type: "ResolvedRefs", Status: "False", Reason: "InvalidCACertificateRef" });
    }

    private static ClusterIr Cluster(ResourceSnapshot snapshot) => ResolveAll(snapshot).Clusters.Single();

    private static string Base64Of(string certificate) =>
        Convert.ToBase64String(File.ReadAllBytes(Path.Combine(GoldenFiles.TestDataDirectory, "certs", certificate)));

    private static ResourceSnapshot Snapshot(string name) =>
        GoldenFiles.Snapshot(name, GoldenFiles.ReadInput(name));

    private static BackendTranslator Translator(ResourceSnapshot snapshot) =>
        new(new TranslationContext(snapshot, GoldenFiles.Options));

    /// <summary>Resolves every backendRef of every route against its first parent Gateway, as the driver does.</summary>
    private static (List<BackendRefResult> Results, EquatableArray<ClusterIr> Clusters) ResolveAll(ResourceSnapshot snapshot) =>
        ResolveAll(snapshot, Translator(snapshot));

    private static (List<BackendRefResult> Results, EquatableArray<ClusterIr> Clusters) ResolveAll(
        ResourceSnapshot snapshot, BackendTranslator translator)
    {
        var results = new List<BackendRefResult>();
        foreach (var route in snapshot.HttpRoutes)
        {
            var parent = route.Spec.ParentRefs![0];
            var gateway = snapshot.Gateways.Single(g => g.Metadata.Name == parent.Name);
            foreach (var backendRef in (route.Spec.Rules ?? []).SelectMany(r => r.BackendRefs ?? []))
            {
                results.Add(translator.Resolve(RouteSource.Of(route), backendRef, gateway, gateway.Spec.Listeners[0].Name));
            }
        }
        return (results, translator.Finish().Clusters);
    }
}
