using System.Text.Json.Nodes;
using AzureGateway.Kubernetes.Tests.ApiServer;
using AzureGateway.Kubernetes.Watching;
using AzureGateway.Model;
using AzureGateway.Model.Alb;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Sources.Files;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace AzureGateway.Kubernetes.Tests;

public sealed class KubernetesSourceTests
{
    private static readonly KubernetesSourceOptions FastRetries = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(500),
        MissingKindRetry = TimeSpan.FromMilliseconds(200),
    };

    private static KubernetesSource Source(TestApiServer server) =>
        new(server.Client(), FastRetries, NullLogger<KubernetesSource>.Instance);

    private static async Task<TestApiServer> ServerWithGatewayAsync(params (string, string)[] notInstalled)
    {
        var server = await TestApiServer.StartAsync(notInstalled);
        server.Apply(Manifests.Namespace("apps"));
        server.Apply(Manifests.GatewayClass());
        server.Apply(Manifests.Gateway());
        server.Apply(Manifests.Route("first"));
        return server;
    }

    [Fact]
    public async Task The_first_snapshot_holds_every_kind_listed_and_only_certificate_secrets()
    {
        await using var server = await ServerWithGatewayAsync();
        server.Apply(Manifests.Secret("tls", "kubernetes.io/tls"));
        server.Apply(Manifests.Secret("opaque", "Opaque"));
        server.Apply(Manifests.Secret("token", "kubernetes.io/service-account-token"));
        await using var reader = new SnapshotReader(Source(server));

        var snapshot = await reader.NextAsync();

        Assert.Equal(["apps"], snapshot.Namespaces.Select(n => n.Metadata.Name));
        Assert.Equal(["azure-gateway"], snapshot.GatewayClasses.Select(c => c.Metadata.Name));
        Assert.Equal(ResourceKinds.ControllerName, snapshot.GatewayClasses[0].Spec.ControllerName);
        Assert.Equal(["web"], snapshot.Gateways.Select(g => g.Metadata.Name));
        Assert.Equal(8080, snapshot.Gateways[0].Spec.Listeners[0].Port);
        Assert.Equal(["first"], snapshot.HttpRoutes.Select(r => r.Metadata.Name));
        Assert.Equal(["tls", "opaque"], snapshot.Secrets.Select(s => s.Metadata.Name));
        // Every kind was listed before the first snapshot was published.
        var listed = server.Requests.Where(r => r is { Method: "GET", Name: null, Watch: false }).Select(r => (r.Group, r.Plural)).ToHashSet();
        Assert.Equal(WatchedKinds.All.Select(k => (k.Group, k.Plural)).ToHashSet(), listed);
    }

    [Fact]
    public async Task Every_kind_of_the_one_list_is_watched_at_its_version_and_reaches_the_snapshot()
    {
        await using var server = await TestApiServer.StartAsync();
        foreach (var kind in ResourceKinds.All)
        {
            var metadata = new JsonObject { ["name"] = "one-" + kind.Kind.ToLowerInvariant() };
            if (kind.Namespaced)
            {
                metadata["namespace"] = "apps";
            }
            server.Apply(new JsonObject { ["apiVersion"] = kind.ApiVersion, ["kind"] = kind.Kind, ["metadata"] = metadata });
        }
        await using var reader = new SnapshotReader(Source(server));

        var snapshot = await reader.NextAsync();

        Assert.All(ResourceKinds.All, kind =>
            Assert.True(kind.In(snapshot) is [{ } held] && held.Metadata.Name == "one-" + kind.Kind.ToLowerInvariant(),
                $"{kind} did not reach the snapshot"));
    }

    [Fact]
    public async Task A_route_over_its_crd_rule_limit_is_refused_when_listed_and_when_modified_and_the_rest_serves()
    {
        await using var server = await ServerWithGatewayAsync();
        server.Apply(WithRules(Manifests.Route("listed-over"), 17));
        server.Apply(Manifests.Route("modified-over"));
        var logger = new FakeLogger<KubernetesSource>();
        await using var reader = new SnapshotReader(new KubernetesSource(server.Client(), FastRetries, logger));
        Assert.Equal(["first", "modified-over"], (await reader.NextAsync()).HttpRoutes.Select(r => r.Metadata.Name));

        server.Apply(WithRules(Manifests.Route("modified-over"), 17));
        var after = await reader.NextWhereAsync(s => s.HttpRoutes.Length == 1);

        Assert.Equal(["first"], after.HttpRoutes.Select(r => r.Metadata.Name));
        Assert.Equal(
            ["HTTPRoute apps/listed-over refused: spec.rules has 17 items, more than the 16 the CRD allows",
             "HTTPRoute apps/modified-over refused: spec.rules has 17 items, more than the 16 the CRD allows"],
            logger.Collector.GetSnapshot().Where(e => e.Level == LogLevel.Warning && e.Message.Contains("refused", StringComparison.Ordinal)).Select(e => e.Message));
    }

    [Fact]
    public async Task Objects_of_every_api_group_that_break_a_crd_rule_or_the_object_size_are_refused_and_the_rest_serves()
    {
        await using var server = await ServerWithGatewayAsync();
        var badPathType = Manifests.Route("bad-path-type");
        badPathType.Spec.Rules = [new HttpRouteRule { Matches = [new HttpRouteMatch { Path = new HttpPathMatch { Type = "Prefix", Value = "/" } }] }];
        server.Apply(badPathType);
        server.Apply(new RoutePolicy
        {
            ApiVersion = ResourceKinds.AlbVersion,
            Kind = "RoutePolicy",
            Metadata = new() { Name = "source-ip", NamespaceProperty = "apps" },
            Spec = new()
            {
                TargetRef = new() { Kind = "HTTPRoute", Name = "first" },
                Default = new() { SessionAffinity = new() { AffinityType = "source-ip" } },
            },
        });
        var large = Manifests.Secret("large", "kubernetes.io/tls");
        large.Data!["key"] = new byte[InputLimits.MaxObjectBytes];
        server.Apply(large);
        server.Apply(Manifests.Secret("small", "kubernetes.io/tls"));
        var logger = new FakeLogger<KubernetesSource>();
        await using var reader = new SnapshotReader(new KubernetesSource(server.Client(), FastRetries, logger));

        var snapshot = await reader.NextAsync();

        Assert.Equal(["first"], snapshot.HttpRoutes.Select(r => r.Metadata.Name));
        Assert.Empty(snapshot.RoutePolicies);
        Assert.Equal(["small"], snapshot.Secrets.Select(s => s.Metadata.Name));
        var refusals = logger.Collector.GetSnapshot().Where(e => e.Level == LogLevel.Warning && e.Message.Contains("refused", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Contains("HTTPRoute apps/bad-path-type refused: spec.rules[0].matches[0].path.type is \"Prefix\", not one of the values the CRD allows: Exact, PathPrefix, RegularExpression", refusals);
        Assert.Contains("RoutePolicy apps/source-ip refused: spec.default.sessionAffinity.affinityType is \"source-ip\", not one of the values the CRD allows: application-cookie, managed-cookie", refusals);
        Assert.Contains(refusals, r => r.StartsWith("Secret apps/large refused: ", StringComparison.Ordinal)
            && r.EndsWith("bytes, more than the 1572864 bytes a Kubernetes object may have", StringComparison.Ordinal));
    }

    private static HttpRoute WithRules(HttpRoute route, int rules)
    {
        route.Spec.Rules = [.. Enumerable.Range(0, rules).Select(i => new HttpRouteRule { Name = $"rule-{i}" })];
        return route;
    }

    [Fact]
    public async Task A_route_added_while_watching_appears_in_the_next_snapshot_and_unchanged_objects_keep_their_references()
    {
        await using var server = await ServerWithGatewayAsync();
        await using var reader = new SnapshotReader(Source(server));
        var first = await reader.NextAsync();

        server.Apply(Manifests.Route("second"));
        var second = await reader.NextWhereAsync(s => s.HttpRoutes.Length == 2);

        Assert.Equal(["first", "second"], second.HttpRoutes.Select(r => r.Metadata.Name));
        Assert.Same(first.HttpRoutes[0], second.HttpRoutes[0]);
        Assert.Same(first.Gateways[0], second.Gateways[0]);
        Assert.Same(first.GatewayClasses[0], second.GatewayClasses[0]);
        Assert.Equal(first.Namespaces, second.Namespaces);
    }

    [Fact]
    public async Task A_modified_object_keeps_its_position_and_a_status_only_change_publishes_nothing_new()
    {
        await using var server = await ServerWithGatewayAsync();
        server.Apply(Manifests.Route("second"));
        await using var reader = new SnapshotReader(Source(server));
        var first = await reader.NextAsync();

        // Only the status changes (as our own status writes do): no snapshot for it. Then a real change.
        var withStatus = Manifests.Route("first");
        withStatus.Status = new RouteStatus();
        server.Apply(withStatus);
        server.Apply(Manifests.Route("first", hostname: "changed.example.com"));
        var changed = await reader.NextWhereAsync(s => s.HttpRoutes[0].Spec.Hostnames![0] == "changed.example.com");

        Assert.Equal(["first", "second"], changed.HttpRoutes.Select(r => r.Metadata.Name));
        Assert.NotSame(first.HttpRoutes[0], changed.HttpRoutes[0]);
        Assert.Same(first.HttpRoutes[1], changed.HttpRoutes[1]);
    }

    [Fact]
    public async Task A_dropped_watch_resumes_from_the_last_resource_version_without_listing_again()
    {
        await using var server = await ServerWithGatewayAsync();
        await using var reader = new SnapshotReader(Source(server));
        await reader.NextAsync();
        // The first snapshot follows the lists; the watches open right after.
        await Poll.UntilAsync(() => server.Requests.Any(r => r is { Plural: "httproutes", Watch: true }), "the route watch");
        var firstWatch = server.Requests.Single(r => r is { Plural: "httproutes", Watch: true });

        server.DropWatches();
        server.Apply(Manifests.Route("second"));
        var snapshot = await reader.NextWhereAsync(s => s.HttpRoutes.Length == 2);

        Assert.Equal(["first", "second"], snapshot.HttpRoutes.Select(r => r.Metadata.Name));
        var routeRequests = server.Requests.Where(r => r.Plural == "httproutes").ToList();
        Assert.Single(routeRequests, r => !r.Watch);
        var resumed = routeRequests.Where(r => r.Watch).Skip(1).First();
        Assert.True(long.Parse(resumed.ResourceVersion!) >= long.Parse(firstWatch.ResourceVersion!));
    }

    [Fact]
    public async Task A_watch_answered_with_410_gone_lists_again()
    {
        await using var server = await ServerWithGatewayAsync();
        await using var reader = new SnapshotReader(Source(server));
        var first = await reader.NextAsync();
        await Poll.UntilAsync(() => server.Requests.Any(r => r is { Plural: "httproutes", Watch: true }), "the route watch");

        // Dropped before the second route exists, so the open watch cannot deliver it: only a re-list finds it.
        server.Compact();
        server.DropWatches();
        server.Apply(Manifests.Route("second"));
        var snapshot = await reader.NextWhereAsync(s => s.HttpRoutes.Length == 2);

        Assert.Equal(["first", "second"], snapshot.HttpRoutes.Select(r => r.Metadata.Name));
        Assert.Equal(2, server.Requests.Count(r => r is { Plural: "httproutes", Method: "GET", Watch: false }));
        // The re-list found the first route unchanged: it is still the same object.
        Assert.Same(first.HttpRoutes[0], snapshot.HttpRoutes[0]);
    }

    [Fact]
    public async Task A_kind_whose_crd_is_not_installed_reads_as_empty_and_is_listed_again_later()
    {
        await using var server = await ServerWithGatewayAsync(("alb.networking.azure.io", "backendtlspolicies"));
        await using var reader = new SnapshotReader(Source(server));

        var snapshot = await reader.NextAsync();

        Assert.Empty(snapshot.AlbBackendTlsPolicies);
        Assert.Equal(["first"], snapshot.HttpRoutes.Select(r => r.Metadata.Name));
        await Poll.UntilAsync(() => server.Requests.Count(r => r is { Group: "alb.networking.azure.io", Watch: false }) >= 2);
    }
}
